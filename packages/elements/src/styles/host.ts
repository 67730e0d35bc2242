import { css } from 'lit';

// One palette, written once for each scheme; `theme` pins one, otherwise the page's
// prefers-color-scheme decides.
const light = css`
  --siso-color-text: #1b1f24;
  --siso-color-muted: #57606a;
  --siso-color-surface: #ffffff;
  --siso-color-border: #d0d7de;
  --siso-color-accent: #0b62d6;
  --siso-color-on-accent: #ffffff;
  --siso-color-link: #0b62d6;
  --siso-color-track: #e6eaef;
  --siso-color-success: #1a7f37;
  --siso-color-danger: #b42318;
  --siso-color-warning-bg: #fff4d6;
  --siso-color-tier-bg: #fbefc9;
  --siso-color-tier-text: #5c4100;
  --siso-color-highlight: rgb(255 196 0 / 0.4);
`;
const dark = css`
  --siso-color-text: #e6edf3;
  --siso-color-muted: #9da7b3;
  --siso-color-surface: #161b22;
  --siso-color-border: #30363d;
  --siso-color-accent: #4c9aff;
  --siso-color-on-accent: #0d1117;
  --siso-color-link: #79b8ff;
  --siso-color-track: #2d333b;
  --siso-color-success: #3fb950;
  --siso-color-danger: #ff7b72;
  --siso-color-warning-bg: #3a2d0a;
  --siso-color-tier-bg: #3d2f00;
  --siso-color-tier-text: #f5d67a;
  --siso-color-highlight: rgb(255 196 0 / 0.3);
`;

/**
 * What every element shares: the `--siso-*` custom properties with their defaults, light and
 * dark, and the reserved minimum height so a page does not jump when the element upgrades.
 */
export const hostStyles = css`
  :host {
    ${light}
    --siso-font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --siso-radius: 12px;
    /* Every corner follows --siso-radius: the card's, two thirds of it inside it. */
    --_siso-radius-inner: calc(var(--siso-radius) * 2 / 3);
    --siso-space: 16px;
    --siso-gap: 16px;
    --siso-bar-height: 10px;
    --siso-highlight-duration: 1.6s;

    display: block;
    box-sizing: border-box;
    container-type: inline-size;
    font-family: var(--siso-font-family);
    line-height: 1.4;
    color: var(--siso-color-text);
    color-scheme: light;
  }
  :host([hidden]) {
    display: none;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
      color-scheme: dark;
    }
  }
  :host([theme='dark']) {
    ${dark}
    color-scheme: dark;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--siso-color-accent);
    outline-offset: 2px;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;
