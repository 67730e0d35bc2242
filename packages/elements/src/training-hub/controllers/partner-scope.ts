import type { TrainingClient } from '@siso/training-sdk';

/**
 * Tells when an element comes to show someone else — another client, or another partner on the
 * same client (a token provider's next token may name someone else) — so that what it holds for
 * the one before (a what-if, an action, an error) does not stay on screen.
 */
export class PartnerScope {
  #client: TrainingClient | undefined;
  #partner: string | undefined;

  /** Whether `client` or `partner` differ from the last seen; a partner not known yet (loading) is no change. */
  moved(client: TrainingClient | undefined, partner: string | undefined): boolean {
    if (client !== this.#client) {
      this.#client = client;
      this.#partner = partner;
      return true;
    }
    if (partner === undefined || partner === this.#partner) return false;
    const moved = this.#partner !== undefined;
    this.#partner = partner;
    return moved;
  }
}
