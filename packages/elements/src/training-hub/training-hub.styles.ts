import { css } from 'lit';

export const styles = css`
  /* The height of the loaded view, reserved while the skeleton shows (TrainingElement#updated). */
  :host(:state(loading)) {
    min-height: 640px;
  }
  .layout {
    display: grid;
    gap: var(--siso-gap);
    margin-top: 12px;
  }
  .main,
  .aside {
    display: grid;
    gap: var(--siso-gap);
    align-content: start;
    min-width: 0;
  }
  [part~='section'] {
    min-width: 0;
  }
  [part~='action-error'] {
    margin-top: 8px;
    color: var(--siso-color-danger);
  }
  [part~='action-error']:empty {
    display: none;
  }
  .row {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 6px 12px;
    flex-wrap: wrap;
  }
  .list {
    display: grid;
    gap: 8px;
  }
  .item {
    display: grid;
    gap: 6px;
    padding: 10px 12px;
    border: 1px solid var(--siso-color-border);
    border-radius: var(--_siso-radius-inner);
  }
  .item p,
  [part~='reasons'] {
    font-size: 0.875rem;
  }
  /* A bullet for the eye only: empty alternative text keeps it from screen readers. */
  [part~='reasons'] li::before {
    content: '· ' / '';
  }
  .chips,
  .actions {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .status-completed,
  .cert-active {
    background: var(--siso-color-success);
    color: var(--siso-color-on-accent);
  }
  .cert-expiring {
    background: var(--siso-color-warning-bg);
  }
  .cert-expired,
  .cert-revoked {
    background: var(--siso-color-danger);
    color: var(--siso-color-on-accent);
  }
  [part~='filters'] {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(140px, 1fr));
    gap: 8px;
    margin-bottom: 10px;
  }
  .field {
    display: grid;
    gap: 2px;
    font-size: 0.75rem;
    color: var(--siso-color-muted);
    min-width: 0;
  }
  .field input,
  .field select {
    width: 100%;
    min-width: 0;
  }
  .timeline {
    display: grid;
    gap: 6px;
    border-inline-start: 2px solid var(--siso-color-border);
    padding-inline-start: 12px;
  }
  .timeline li {
    display: grid;
    font-size: 0.875rem;
    border-radius: var(--_siso-radius-inner);
  }
  .item.current {
    border-color: var(--siso-color-accent);
  }
  .reqs {
    display: grid;
    gap: 2px;
    font-size: 0.875rem;
  }
  .reqs .met {
    color: var(--siso-color-success);
  }
  fieldset {
    border: 0;
    margin: 6px 0;
    padding: 0;
    display: grid;
    gap: 4px;
    max-height: 220px;
    overflow: auto;
  }
  .check {
    display: flex;
    gap: 8px;
    align-items: center;
    font-size: 0.875rem;
  }
  .check input {
    min-height: auto;
    width: 16px;
    height: 16px;
    margin: 0;
    flex: none;
  }
  [part~='what-if-result'] {
    min-height: 2.5em;
    font-size: 0.875rem;
  }
  @container (min-width: 760px) {
    .layout {
      grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
    }
  }
`;
