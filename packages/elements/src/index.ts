// Classes and types only: importing this entry registers nothing (see ./define.ts).
export { SisoTrainingHub } from './training-hub/training-hub.ts';
export { SisoTrainingProgress } from './training-progress/training-progress.ts';
export { de } from './i18n/de.ts';
export { en } from './i18n/en.ts';
export { registerLocale } from './i18n/registry.ts';
export type { CodeText, Names, Params, Strings } from './i18n/en.ts';
export type { SisoEvent, SisoEventDetails, SisoEventName } from './events/events.ts';
export type { Connection } from './internal/training-source.ts';
export { VERSION } from './version.ts';
