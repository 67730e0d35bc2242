// JSX typings for React 19, which sets properties on custom elements and listens to their
// events as `on<event-name>`. Opt in with `import type {} from '@siso/training-elements/jsx'`.
import type { SisoEvent } from './events/events.ts';
import type { SisoTrainingHub } from './training-hub/training-hub.ts';
import type { SisoTrainingProgress } from './training-progress/training-progress.ts';

type Config =
  | 'apiBase'
  | 'token'
  | 'tokenUrl'
  | 'locale'
  | 'currency'
  | 'live'
  | 'theme'
  | 'tokenProvider'
  | 'client'
  | 'strings'
  | 'hubHref';

type SisoProps<E extends HTMLElement, Events extends keyof HTMLElementEventMap> = Partial<Pick<E, Config & keyof E>> & {
  'api-base'?: string;
  'token-url'?: string;
  id?: string;
  class?: string;
  className?: string;
  slot?: string;
  hidden?: boolean;
  ref?: unknown;
  key?: string | number;
} & { [K in Events as `on${K}`]?: (event: HTMLElementEventMap[K]) => void };

type CommonEvents = 'siso-ready' | 'siso-module-completed' | 'siso-tier-changed' | 'siso-error';

/** Props of `<siso-training-progress>` in JSX. */
export type SisoTrainingProgressProps = SisoProps<SisoTrainingProgress, CommonEvents | 'siso-open-hub'> & { 'hub-href'?: string };
/** Props of `<siso-training-hub>` in JSX. */
export type SisoTrainingHubProps = SisoProps<SisoTrainingHub, CommonEvents | 'siso-launch'>;
export type { SisoEvent };

interface SisoIntrinsicElements {
  'siso-training-progress': SisoTrainingProgressProps;
  'siso-training-hub': SisoTrainingHubProps;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends SisoIntrinsicElements {}
  }
}
