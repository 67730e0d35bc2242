import type { ModuleWithProgress, TrainingSnapshot } from '@siso/training-sdk';

/** `detail` of each `siso-*` event. */
export interface SisoEventDetails {
  /** The first snapshot has rendered. */
  'siso-ready': { snapshot: TrainingSnapshot };
  /** A module became completed (live, or marked done here). */
  'siso-module-completed': { moduleId: string; module: ModuleWithProgress | undefined };
  /** The partner's tier changed. */
  'siso-tier-changed': { from: string; to: string };
  /**
   * The user asked to open a module; `url` is its material. Cancel it (`preventDefault()`) to route
   * in-app; otherwise the element opens a new tab at once and sends it to the launch link (for LMS
   * modules, a link of the LMS) or, when the launch call fails, to the material. Either way the
   * element records that the module was started.
   */
  'siso-launch': { moduleId: string; module: ModuleWithProgress; url: string };
  /**
   * The user asked to go to the training hub from the progress card: `reason` `renew` from what is
   * at stake (with its `certificationId`), `open` from the card's hub link (`certificationId`
   * null). `href` is the `hub-href` attribute (null without one). Cancel it (`preventDefault()`)
   * to route in-app; otherwise the link navigates as links do.
   */
  'siso-open-hub': { href: string | null; certificationId: string | null; reason: 'renew' | 'open' };
  /** Loading or an action failed; `error` is the SDK's error. */
  'siso-error': { error: unknown; action: 'load' | 'launch' | 'complete' | 'simulate' };
}

export type SisoEventName = keyof SisoEventDetails;
export type SisoEvent<K extends SisoEventName> = CustomEvent<SisoEventDetails[K]>;

/** Dispatches a bubbling, composed `siso-*` event; returns false when a listener cancelled it. */
export function emit<K extends SisoEventName>(target: EventTarget, name: K, detail: SisoEventDetails[K], cancelable = false): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
}

declare global {
  interface GlobalEventHandlersEventMap {
    'siso-ready': SisoEvent<'siso-ready'>;
    'siso-module-completed': SisoEvent<'siso-module-completed'>;
    'siso-tier-changed': SisoEvent<'siso-tier-changed'>;
    'siso-launch': SisoEvent<'siso-launch'>;
    'siso-open-hub': SisoEvent<'siso-open-hub'>;
    'siso-error': SisoEvent<'siso-error'>;
  }
}
