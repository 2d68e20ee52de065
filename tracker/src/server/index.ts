/** `loupe serve`: an MLflow-compatible tracking server on 127.0.0.1, backed by the workspace store. */
export { startServer, LOOPBACK_HOST, type ServerOptions, type RunningServer } from './server';
export { TOKEN_FILE_NAME, loadOrCreateToken } from './security';
export { mlflowFilterToLoupe, mlflowOrderByToLoupe } from './mlflowFilter';
