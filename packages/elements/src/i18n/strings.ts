/** Every string an element shows; override any of them with the element's `strings` property. */
export interface Strings {
  progressTitle: string;
  modulesOf: (completed: string, total: string) => string;
  overallProgress: string;
  loading: string;
  loadError: string;
  retry: string;
  notConfigured: string;
}

export const en: Strings = {
  progressTitle: 'Training progress',
  modulesOf: (completed, total) => `${completed} of ${total} modules`,
  overallProgress: 'Overall training progress',
  loading: 'Loading training…',
  loadError: 'Training could not be loaded.',
  retry: 'Try again',
  notConfigured: 'Set a token, token-url or tokenProvider to show training.',
};
