import type { Duplex } from 'node:stream';
import { Problem } from '../errors/problem.ts';

/**
 * Answers what Node's HTTP parser refuses before any route runs, as problem+json like every
 * other refusal: a request line and headers past Node's limit (`--max-http-header-size`, 16 KiB
 * by default) get 431, anything else the parser cannot read 400. Node's own answers carry no body.
 *
 * @example
 * server.on('clientError', answerClientError);
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // A client that has gone, or a timeout Node already answered, needs no answer.
  if (!socket.writable || error.code === 'ECONNRESET' || error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    socket.destroy();
    return;
  }
  const problem =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new Problem({
          status: 431,
          slug: 'headers-too-large',
          title: 'Request header fields too large',
          detail:
            'The request line and headers together exceed the 16 KiB this server reads; send a shorter URL or fewer, smaller headers.',
        })
      : new Problem({
          status: 400,
          slug: 'malformed-request',
          title: 'Malformed request',
          detail: 'The request could not be parsed as HTTP/1.1.',
        });
  const body = JSON.stringify(problem.toJSON());
  const reason = problem.status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${problem.status} ${reason}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
