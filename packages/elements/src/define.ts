// Side-effect entry: registers the elements. Guarded, so a second copy of the bundle on the
// same page (a CMS plugin and the portal, say) does not throw; a version mismatch between the
// copies is reported once.
import { SisoTrainingHub } from './training-hub/training-hub.ts';
import { SisoTrainingProgress } from './training-progress/training-progress.ts';
import { VERSION } from './version.ts';

const registry = globalThis.customElements;
const REGISTERED = Symbol.for('siso.training.elements.version');

function define(tag: string, element: CustomElementConstructor): void {
  if (!registry) return;
  const existing: (CustomElementConstructor & { [REGISTERED]?: string }) | undefined = registry.get(tag);
  if (!existing) {
    Object.defineProperty(element, REGISTERED, { value: VERSION });
    registry.define(tag, element);
    return;
  }
  const theirs = existing[REGISTERED];
  if (theirs !== VERSION)
    warnOnce(
      `<${tag}> is already defined by @siso/training-elements ${theirs ?? '(unknown version)'}; this copy (${VERSION}) is not used.`,
    );
}

let warned = false;
function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  console.warn(`[siso-training] ${message}`);
}

define('siso-training-progress', SisoTrainingProgress);
define('siso-training-hub', SisoTrainingHub);
