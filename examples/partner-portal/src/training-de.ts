// The training feature for a page opened in German: the elements' German strings are evaluated
// before ./training.ts defines the elements, so their first render is already German.
import '@siso/training-elements/locales/de';

export * from './training.ts';
