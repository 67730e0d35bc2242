// Request/response over a child process's IPC channel, for the fan-out benchmark's processes.
import type { ChildProcess } from 'node:child_process';

/** Answers one message; may return a promise. */
export type Handler = (message: Record<string, unknown>) => unknown;

let nextId = 0;

/** Sends `message` to `child` and resolves with its answer. */
export function call<T>(child: ChildProcess, message: Record<string, unknown>, timeoutMs = 120_000): Promise<T> {
  const id = (nextId += 1);
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${String(message.cmd)} in ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (answer: { id?: number; result?: T; error?: string }) => {
      if (answer.id !== id) return;
      child.off('message', onMessage);
      clearTimeout(timer);
      if (answer.error) reject(new Error(answer.error));
      else resolve(answer.result as T);
    };
    child.on('message', onMessage);
    child.send({ ...message, id });
  });
}

/** In the child: answers each message with what `handler` returns. */
export function serve(handler: Handler): void {
  process.on('message', (message: Record<string, unknown> & { id: number }) => {
    Promise.resolve()
      .then(() => handler(message))
      .then(
        (result) => process.send!({ id: message.id, result }),
        (error: unknown) => process.send!({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
      );
  });
}

/** This process's CPU time in microseconds, user and system (the kernel's share of each write). */
export function cpuUs(): { user: number; system: number } {
  return process.cpuUsage();
}

/** This process's RSS and used JavaScript heap in KB after a full GC (run with --expose-gc). */
export function memoryKb(): { rss: number; heap: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: rss / 1024, heap: heapUsed / 1024 };
}

/** One progress event per partner, numbered on from `seqs`; the send time rides in the payload for publish→receive latency. */
export function publishToEach(
  ids: readonly string[],
  seqs: Map<string, number>,
  pad: string,
  send: (id: string, event: { seq: number; at: string; data: { t: number; pad: string } }) => void,
): void {
  const t = performance.timeOrigin + performance.now();
  const at = new Date(t).toISOString();
  for (const id of ids) {
    const seq = seqs.get(id)! + 1;
    seqs.set(id, seq);
    send(id, { seq, at, data: { t, pad } });
  }
}
