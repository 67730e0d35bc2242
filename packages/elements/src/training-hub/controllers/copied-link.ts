import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How long a copy-link button says "Link copied". */
const SHOWN_MS = 3_000;

/** Runs `fn` after `ms` and answers how to cancel it. */
export type Schedule = (fn: () => void, ms: number) => () => void;

const pageTimers: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

/**
 * Copies a certificate's verification link, and says so on its button for a while: the button
 * then goes back to "Copy", so a second copy is confirmed (and announced) again.
 */
export class CopiedLink implements ReactiveController {
  /** The certificate whose link was just copied. */
  copied: string | undefined;
  /** Where "a while" is measured: the page's timers; a test's own clock, which it moves. */
  schedule: Schedule = pageTimers;
  readonly #host: ReactiveControllerHost;
  #cancel: (() => void) | undefined;

  constructor(host: ReactiveControllerHost) {
    (this.#host = host).addController(this);
  }

  readonly copy = async (certificateId: string, url: string): Promise<void> => {
    try {
      await navigator.clipboard.writeText(url);
      this.#show(certificateId);
      this.#cancel = this.schedule(() => this.#show(undefined), SHOWN_MS);
    } catch {
      // No clipboard access (insecure context, denied permission): the visible link still works.
      this.#show(undefined);
    }
  };

  /** Forgets the confirmation: the element left the page, or now shows someone else. */
  reset(): void {
    this.#cancel?.();
    this.copied = undefined;
  }

  hostDisconnected(): void {
    this.reset();
  }

  #show(certificateId: string | undefined): void {
    this.#cancel?.();
    this.copied = certificateId;
    this.#host.requestUpdate();
  }
}
