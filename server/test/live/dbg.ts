import { startTestServer } from '../support/test-server.ts';
const server = await startTestServer({ LOG_LEVEL: 'debug' });
const token = await server.tokenFor('northwind');
const res = await fetch(`${server.url}/v1/me/events?since=0`, { headers: { authorization: `Bearer ${token}` } });
console.log(res.status, [...res.headers]);
const reader = res.body!.getReader();
const t = setTimeout(() => reader.cancel(), 1500);
try { for (;;) { const { value, done } = await reader.read(); if (done) break; console.log(JSON.stringify(new TextDecoder().decode(value)).slice(0, 300)); } } catch (e) { console.log('err', e); }
clearTimeout(t);
await server.close();
