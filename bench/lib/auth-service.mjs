// Starts the auth service (its own process) and returns it with the check URL.
import { startServer } from './server-process.mjs';

export async function startAuthService(options) {
  const service = await startServer('auth-service', options);
  return { service, checkUrl: `${service.url}/check` };
}
