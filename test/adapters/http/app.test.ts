import t from 'tap';
import { startTestServer } from '../../helpers/server.js';

t.test('given the server, then the API documents every route, at OpenTera\'s path too', async (t) => {
  const server = await startTestServer(t);
  const document = (await (await server.request('/api/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, { parameters: { name: string }[] }>> };
  t.equal(document.openapi, '3.0.3');
  t.same(Object.keys(document.paths['/api/user/sites']!).sort(), ['delete', 'get', 'post']);
  t.same(document.paths['/api/user/sites']!.get!.parameters.map((p) => p.name), ['id_site', 'id', 'user_uuid', 'id_device', 'name']);
  t.ok(document.paths['/api/user/login'], 'login documented');
  t.same(await (await server.request('/api/swagger.json')).json(), document);
  const page = await server.request('/doc');
  t.match(await page.text(), /swagger-ui-bundle\.js/);
  t.equal((await server.request('/doc/assets/swagger-ui-bundle.js')).status, 200);
  t.equal((await server.request('/doc/assets/..%2Fpackage.json')).status, 404, 'only the Swagger UI files are served');
});

t.test('given any response, then it carries OpenTera\'s CORS headers and a request id', async (t) => {
  const server = await startTestServer(t);
  const response = await server.request('/health', { headers: { 'x-request-id': 'abc-123' } });
  t.equal(response.headers.get('access-control-allow-origin'), '*');
  t.equal(response.headers.get('cross-origin-embedder-policy'), 'require-corp');
  t.equal(response.headers.get('x-request-id'), 'abc-123');
  t.match(await response.json(), { ok: true, headPosition: String });
  const options = await server.request('/api/user/sites', { method: 'OPTIONS' });
  t.equal(options.status, 200, 'a CORS preflight is answered');
});

t.test('given an in-flight request, when the server closes, then the request completes', async (t) => {
  const server = await startTestServer(t);
  const arrived = new Promise((resolve) => server.server.once('request', resolve));
  const inFlight = server.request('/api/user/sites', { basic: 'admin:admin' });
  await arrived;
  const closing = server.close();
  const response = await inFlight;
  t.equal(response.status, 200);
  t.equal((await response.json() as unknown[]).length, 2);
  await closing;
});
