export { createApp } from './app.ts';
export type { AppOptions } from './app.ts';
export { ConfigError, loadConfig } from './config.ts';
export type { Config } from './config.ts';
export { startServer } from './server.ts';
export type { RunningServer, StartServerOptions } from './server.ts';
export { mintWidgetToken, verifyWidgetToken, WidgetTokenKeys } from './auth/widget-token.ts';
export { Problem, isProblem } from './errors/problem.ts';
