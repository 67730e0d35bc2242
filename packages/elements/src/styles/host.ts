import { css } from 'lit';

/**
 * What every element shares: the `--siso-*` custom properties with their defaults, light and
 * dark, and the reserved minimum height so a page does not jump when the element upgrades.
 */
export const hostStyles = css`
  :host {
    --siso-font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --siso-color-text: #1b1f24;
    --siso-color-muted: #57606a;
    --siso-color-surface: #ffffff;
    --siso-color-border: #d0d7de;
    --siso-color-accent: #0b62d6;
    --siso-color-track: #e6eaef;
    --siso-color-danger: #b42318;
    --siso-radius: 12px;
    --siso-space: 16px;
    --siso-bar-height: 10px;

    display: block;
    box-sizing: border-box;
    container-type: inline-size;
    font-family: var(--siso-font-family);
    color: var(--siso-color-text);
  }
  :host([hidden]) {
    display: none;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      --siso-color-text: #e6edf3;
      --siso-color-muted: #9da7b3;
      --siso-color-surface: #161b22;
      --siso-color-border: #30363d;
      --siso-color-accent: #4c9aff;
      --siso-color-track: #2d333b;
      --siso-color-danger: #ff7b72;
    }
  }
  :host([theme='dark']) {
    --siso-color-text: #e6edf3;
    --siso-color-muted: #9da7b3;
    --siso-color-surface: #161b22;
    --siso-color-border: #30363d;
    --siso-color-accent: #4c9aff;
    --siso-color-track: #2d333b;
    --siso-color-danger: #ff7b72;
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
