import { css } from 'lit';

/** Pieces both elements draw: the card, bars, chips, buttons, skeletons and the change highlight. */
export const sharedStyles = css`
  [part~='card'] {
    background: var(--siso-color-surface);
    border: 1px solid var(--siso-color-border);
    border-radius: var(--siso-radius);
    padding: var(--siso-space);
    min-height: inherit;
    /* Long words (German compounds, URLs) break where the language allows, and only where they must. */
    overflow-wrap: anywhere;
    hyphens: auto;
  }
  [part~='title'] {
    margin: 0;
    font-size: 1.05rem;
    font-weight: 650;
  }
  h3 {
    margin: 0 0 8px;
    font-size: 0.8rem;
    font-weight: 650;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--siso-color-muted);
  }
  ul,
  ol,
  dl,
  dd,
  p {
    margin: 0;
    padding: 0;
  }
  li {
    list-style: none;
  }
  [part~='status']:empty {
    display: none;
  }
  [part~='status'] {
    margin: 8px 0 0;
    padding: 6px 10px;
    border-radius: var(--_siso-radius-inner);
    background: var(--siso-color-warning-bg);
    color: var(--siso-color-text);
    font-size: 0.875rem;
  }
  [part~='error'],
  [part~='empty'] {
    margin-top: 12px;
    display: grid;
    gap: 8px;
    justify-items: start;
  }
  [part~='error'] p {
    color: var(--siso-color-danger);
  }
  .muted {
    color: var(--siso-color-muted);
    font-size: 0.875rem;
  }
  [part~='bar'] {
    height: var(--siso-bar-height);
    border-radius: min(var(--siso-radius), var(--siso-bar-height) / 2);
    background: var(--siso-color-track);
    overflow: hidden;
  }
  [part~='bar-fill'] {
    height: 100%;
    background: var(--siso-color-accent);
    transform-origin: left;
    transform: scaleX(var(--siso-fill, 0));
    transition: transform 400ms ease-out;
  }
  :host(:dir(rtl)) [part~='bar-fill'] {
    transform-origin: right;
  }
  [part~='bar'].small {
    height: 6px;
  }
  .met [part~='bar-fill'] {
    background: var(--siso-color-success);
  }
  [part~='chip'] {
    display: inline-block;
    padding: 1px 8px;
    border-radius: var(--siso-radius);
    font-size: 0.75rem;
    font-weight: 600;
    background: var(--siso-color-track);
    color: var(--siso-color-text);
    white-space: nowrap;
  }
  [part~='tier-badge'] {
    background: var(--siso-color-tier-bg);
    color: var(--siso-color-tier-text);
  }
  button,
  a[part~='button'],
  select,
  input {
    font: inherit;
    font-size: 0.875rem;
    min-height: 32px;
    padding: 4px 12px;
    border-radius: var(--_siso-radius-inner);
    border: 1px solid var(--siso-color-border);
    background: var(--siso-color-surface);
    color: var(--siso-color-text);
  }
  button,
  a[part~='button'] {
    cursor: pointer;
    font-weight: 600;
    text-decoration: none;
    display: inline-flex;
    align-items: center;
  }
  button:hover,
  a[part~='button']:hover {
    border-color: var(--siso-color-accent);
  }
  button[aria-disabled='true'] {
    cursor: default;
    opacity: 0.6;
  }
  button.primary {
    background: var(--siso-color-accent);
    border-color: var(--siso-color-accent);
    color: var(--siso-color-on-accent);
  }
  a {
    color: var(--siso-color-link);
  }
  .skeleton {
    border-radius: var(--_siso-radius-inner);
    background: var(--siso-color-track);
    height: 1rem;
    margin: 12px 0;
    animation: siso-pulse 1.4s ease-in-out infinite;
  }
  .skeleton.tall {
    height: 3rem;
  }
  @keyframes siso-pulse {
    50% {
      opacity: 0.5;
    }
  }
  .changed {
    animation: siso-flash var(--siso-highlight-duration) ease-out;
  }
  @keyframes siso-flash {
    from {
      background-color: var(--siso-color-highlight);
      box-shadow: 0 0 0 4px var(--siso-color-highlight);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .changed {
      outline: 2px solid var(--siso-color-highlight);
    }
  }
  .sep + .sep::before {
    content: '· ' / '';
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
