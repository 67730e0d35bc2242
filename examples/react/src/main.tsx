// A React 19 app using the SDK's live store through useSyncExternalStore, next to the elements.
// React 19 passes objects to custom elements as properties, so <siso-training-progress client>
// shares this app's client (one connection for the whole page).
import '@siso/training-elements/define';
import type {} from '@siso/training-elements/jsx';
import { TrainingClient } from '@siso/training-sdk';
import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { useTraining } from './use-training.ts';

const percent = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

function Dashboard({ client }: { client: TrainingClient }) {
  const { snapshot, connection } = useTraining(client);
  if (!snapshot) return <p className="connection">Loading training… ({connection})</p>;
  const { evaluation, summary } = snapshot;
  const tier = evaluation.tiers.find((t) => t.id === evaluation.tier)?.name ?? evaluation.tier;
  return (
    <>
      <div className="tiles">
        <section className="tile">
          <h2>Tier</h2>
          <p data-testid="tier">{tier}</p>
        </section>
        <section className="tile">
          <h2>Commission rate</h2>
          <p data-testid="rate">{percent.format(evaluation.commission.rate)}%</p>
        </section>
        <section className="tile">
          <h2>Modules completed</h2>
          <p data-testid="modules">
            {summary.modulesCompleted} / {summary.modulesTotal}
          </p>
        </section>
      </div>
      <siso-training-progress client={client}></siso-training-progress>
      <p className="connection">Live connection: {connection}</p>
    </>
  );
}

function App() {
  const [partnerId, setPartnerId] = useState(new URLSearchParams(location.search).get('partner') ?? 'northwind');
  // One client per partner. The token comes from the app's backend, which mints it with its
  // portal key (here the demo portal backend; a real one knows the partner from the session).
  const client = useMemo(
    () =>
      new TrainingClient({
        apiBase: location.origin,
        tokenProvider: async (signal) => {
          const res = await fetch(`/demo/portal/widget-token?partnerId=${encodeURIComponent(partnerId)}`, signal ? { signal } : {});
          if (!res.ok) throw new Error(`token request failed: ${res.status}`);
          return (await res.json()) as { token: string; expiresAt: string };
        },
      }),
    [partnerId],
  );
  return (
    <main className="app">
      <div className="bar">
        <h1>Training (React 19)</h1>
        <select aria-label="Demo partner" value={partnerId} onChange={(e) => setPartnerId(e.target.value)}>
          <option value="northwind">Northwind Systems</option>
          <option value="contoso">Contoso Partners</option>
          <option value="fabrikam">Fabrikam Solutions</option>
        </select>
      </div>
      <Dashboard key={partnerId} client={client} />
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
