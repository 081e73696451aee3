import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_NODE_ARGS, REPO_ROOT, appEntryPoint } from '@yp/shared-testing';
import { entryPoint } from '../build.mjs';
import { SERVICE_NODE_ARGS } from './services.mjs';

// The end-to-end suites run the services as `npm start` does; the test system keeps its own copy of
// the command (a library cannot import tools/), and this keeps the two the same.
describe('how a service process runs', () => {
  it('is the same for npm start and the test system', () => {
    expect([...APP_NODE_ARGS]).toEqual([...SERVICE_NODE_ARGS]);
    for (const app of ['gateway', 'organisations', 'working-groups', 'villages', 'notifications'] as const)
      expect(appEntryPoint(app)).toBe(entryPoint(app));
  });

  it('is the same in the container image', () => {
    const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`CMD exec node ${SERVICE_NODE_ARGS.join(' ')} "${entryPoint('${APP}')}"`);
    expect(dockerfile).toContain('RUN node tools/build.mjs');
  });

  it('runs compiled JavaScript, with no compiler loaded on start', () => {
    expect(entryPoint('villages')).toBe('dist/apps/villages/src/main.js');
    expect(SERVICE_NODE_ARGS.join(' ')).not.toMatch(/register|--require|-r\b|--import|--loader/);
  });
});
