import { css } from 'lit';

export const styles = css`
  :host {
    min-height: 180px;
  }
  [part='card'] {
    background: var(--siso-color-surface);
    border: 1px solid var(--siso-color-border);
    border-radius: var(--siso-radius);
    padding: var(--siso-space);
    min-height: inherit;
  }
  [part='title'] {
    margin: 0 0 12px;
    font-size: 1rem;
    font-weight: 600;
  }
  [part='summary'] {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 8px;
    flex-wrap: wrap;
    margin-bottom: 8px;
  }
  [part='modules'] {
    color: var(--siso-color-muted);
  }
  [part='percent'] {
    font-size: 1.5rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  [part='bar'] {
    height: var(--siso-bar-height);
    border-radius: calc(var(--siso-bar-height) / 2);
    background: var(--siso-color-track);
    overflow: hidden;
  }
  [part='bar-fill'] {
    height: 100%;
    background: var(--siso-color-accent);
    transform-origin: left;
    transform: scaleX(var(--siso-fill, 0));
    transition: transform 400ms ease-out;
  }
  .skeleton {
    border-radius: 6px;
    background: var(--siso-color-track);
    height: 1rem;
    margin: 10px 0;
  }
  [part='error'] {
    color: var(--siso-color-danger);
  }
  button {
    font: inherit;
    padding: 6px 12px;
    border-radius: 8px;
    border: 1px solid var(--siso-color-border);
    background: var(--siso-color-surface);
    color: var(--siso-color-text);
    cursor: pointer;
  }
`;
