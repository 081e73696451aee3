// ImportOrganisationsHandler on real FerretDB: rows registered, updated or left alone through the
// API's handlers (events included), the region rule per row, dry runs and re-runs that write nothing.
import {
  IMPORT_COMPLETED_V1,
  IMPORT_STARTED_V1,
  ORGANISATION_ARCHIVED_V1,
  ORGANISATION_REGISTERED_V1,
  ORGANISATION_UPDATED_V1,
} from '@yp/contracts-events';
import type { Identity } from '@yp/shared-bootstrap';
import { CALLERS, asCaller, changeLog, eventsIn } from '@yp/shared-testing';
import { OrganisationRepository } from '@organisations/organisations/organisation.repository';
import type { OrganisationState } from '@organisations/organisations/organisation.state';
import { INARI, KUUSAMO, OULU, businessId, uniqueName, useOrganisationsService } from '@organisations/testing/organisations-testing';
import { RegisterOrganisationHandler } from '@organisations/organisations/commands/register-organisation/register-organisation.handler';
import { ImportOrganisationsHandler } from './import-organisations.handler';
import { OrganisationImportRepository } from './organisation-import.repository';
import { presentImport } from './organisation-import.presenter';
import type { OrganisationImportState } from './organisation-import.state';

const csv = (...rows: string[][]) => rows.map((r) => r.join(';')).join('\r\n');
const HEADER = ['kind', 'name_fi', 'municipalities', 'business_id', 'themes', 'status'];

describe('ImportOrganisationsHandler (FerretDB)', () => {
  const { service } = useOrganisationsService('import-organisations');
  const organisations = () => service.get(OrganisationRepository);
  const coordinator = CALLERS.coordinatorNorthOstrobothnia;

  const importFile = (file: string, dryRun = false, who: Identity = coordinator) =>
    asCaller(who, () => service.get(ImportOrganisationsHandler).execute(file, who, dryRun));
  const history = (id: string) => changeLog<OrganisationState>(service.db, 'organisations', id);
  const changeCount = () => organisations().store.changes.countDocuments({});

  it('registers new rows through the register (events and all), fails only the rows it must, and a re-run changes nothing', async () => {
    const [plain, withId, archived, lapland] = [uniqueName('Tuonti'), uniqueName('Tuonti'), uniqueName('Tuonti'), uniqueName('Tuonti')];
    const id = businessId();
    const file = csv(
      HEADER,
      ['association', plain, `${OULU}|${KUUSAMO}`, '', 'safety', ''],
      ['company', withId, OULU, id, '', ''],
      ['association', archived, OULU, '', '', 'archived'],
      ['association', lapland, INARI, '', '', ''],
      ['no-such-kind', uniqueName('Tuonti'), OULU, '', '', ''],
    );
    const result = await importFile(file);
    expect(result).toMatchObject({ dryRun: false, created: 3, updated: 0, unchanged: 0, failed: 2 });
    expect(result.rows.map((r) => [r.row, r.status])).toEqual([
      [2, 'created'],
      [3, 'created'],
      [4, 'created'],
      [5, 'failed'],
      [6, 'failed'],
    ]);
    expect(result.rows[3]?.errors).toEqual([expect.objectContaining({ field: 'municipalities', code: 'ORGANISATION.REGION_FORBIDDEN' })]);
    expect(result.rows[4]?.errors).toEqual([expect.objectContaining({ field: 'kind' })]);

    const [first, second, third] = result.rows;
    const registered = await organisations().load(first?.id ?? '');
    expect(registered?.state).toMatchObject({
      kind: 'association',
      name: { fi: plain },
      municipalities: [OULU, KUUSAMO],
      themes: ['safety'],
    });
    expect(eventsIn(await history(first?.id ?? ''))).toEqual([
      expect.objectContaining({ type: ORGANISATION_REGISTERED_V1, aggregateversion: 1, actor: coordinator.actor }),
    ]);
    expect((await organisations().load(second?.id ?? ''))?.state).toMatchObject({ kind: 'company', businessId: id });
    // A row with a status other than active: registered, then moved to it (version 2, archived).
    expect(eventsIn(await history(third?.id ?? '')).map((e) => [e.type, e.aggregateversion])).toEqual([
      [ORGANISATION_REGISTERED_V1, 1],
      [ORGANISATION_UPDATED_V1, 2],
      [ORGANISATION_ARCHIVED_V1, 2],
    ]);
    expect(await organisations().store.states.countDocuments({ 'state.name.fi': lapland })).toBe(0);

    const changesBefore = await changeCount();
    const again = await importFile(file);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 2 });
    expect(again.rows.slice(0, 3).map((r) => r.id)).toEqual([first?.id, second?.id, third?.id]);
    expect(await changeCount()).toBe(changesBefore);
  });

  it('matches rows by business ID, or by name in the same municipalities, and updates only what differs', async () => {
    const [byId, byName] = [uniqueName('Yhdistys'), uniqueName('Yhdistys')];
    const id = businessId();
    const created = await importFile(csv(HEADER, ['association', byId, OULU, id, '', ''], ['association', byName, KUUSAMO, '', '', '']));
    const [a, b] = created.rows.map((r) => r.id ?? '');

    const newId = businessId();
    const result = await importFile(
      csv(
        HEADER,
        ['association', `${byId} (uusi nimi)`, OULU, id, '', ''], // matched by business ID: renamed
        ['association', byName, KUUSAMO, newId, '', ''], // matched by name and municipalities: gets its business ID
      ),
    );
    expect(result.rows.map((r) => [r.status, r.id])).toEqual([
      ['updated', a],
      ['updated', b],
    ]);
    expect(eventsIn((await history(a)).slice(1))).toMatchObject([
      { type: ORGANISATION_UPDATED_V1, aggregateversion: 2, data: { changedFields: ['name'] } },
    ]);
    expect((await organisations().load(b))?.state).toMatchObject({ name: { fi: byName }, businessId: newId });
    expect(eventsIn((await history(b)).slice(1)).map((e) => e.data)).toEqual([expect.objectContaining({ changedFields: ['businessId'] })]);
  });

  it('a dry run reports what would happen and writes nothing', async () => {
    const existing = await importFile(csv(HEADER, ['association', uniqueName('Kuiva'), OULU, '', '', '']));
    const name = (await organisations().load(existing.rows[0]?.id ?? ''))?.state.name.fi ?? '';
    const states = await organisations().store.states.countDocuments({});
    const changes = await changeCount();
    const result = await importFile(
      csv(HEADER, ['association', uniqueName('Kuiva'), OULU, '', '', ''], ['association', name, OULU, '', 'culture', 'inactive']),
      true,
    );
    expect(result).toMatchObject({ dryRun: true, created: 1, updated: 1, failed: 0 });
    expect(await organisations().store.states.countDocuments({})).toBe(states);
    expect(await changeCount()).toBe(changes);
  });

  it('refuses the second of two rows about the same new organisation, and a file it cannot read (422, nothing written)', async () => {
    const name = uniqueName('Kaksoset');
    const result = await importFile(csv(HEADER, ['association', name, OULU, '', '', ''], ['association', name, OULU, '', '', '']));
    expect(result.rows.map((r) => r.status)).toEqual(['created', 'failed']);
    expect(await organisations().store.states.countDocuments({ 'state.name.fi': name })).toBe(1);

    const changes = await changeCount();
    await expect(importFile(csv(['kind', 'name_fi'], ['association', uniqueName('Puuttuu')]))).rejects.toMatchObject({
      code: 'ORGANISATION.IMPORT_FILE_UNUSABLE',
      status: 422,
      extensions: { errors: [{ field: 'municipalities', message: 'required column "municipalities" is missing' }] },
    });
    expect(await changeCount()).toBe(changes);
  });

  it('applies the region rule to updates per row: a coordinator of Lapland cannot change a North Ostrobothnia organisation', async () => {
    const name = uniqueName('Alue');
    const [row] = (await importFile(csv(HEADER, ['association', name, OULU, '', '', '']))).rows;
    const result = await importFile(csv(HEADER, ['association', name, OULU, '', 'culture', '']), false, CALLERS.coordinatorLapland);
    expect(result.rows).toEqual([
      expect.objectContaining({
        status: 'failed',
        id: row?.id,
        errors: [expect.objectContaining({ code: 'ORGANISATION.REGION_FORBIDDEN' })],
      }),
    ]);
    expect(await history(row?.id ?? '')).toHaveLength(1);
  });

  it('runs as one bulk change: every event of the import carries its id, between its started and completed events', async () => {
    const [a, b] = [uniqueName('Erä'), uniqueName('Erä')];
    const file = csv(
      HEADER,
      ['association', a, OULU, '', '', ''],
      ['association', b, KUUSAMO, '', '', 'inactive'],
      ['nope', 'x', OULU, '', '', ''],
    );
    const started = await asCaller(coordinator, () => service.get(ImportOrganisationsHandler).start(file, coordinator, false));
    const result = await started.done;
    const importId = started.id ?? '';
    expect(importId).toMatch(/^imp_[a-f0-9]{32}$/);

    const rowEvents = (await Promise.all(result.rows.filter((r) => r.id).map(async (r) => eventsIn(await history(r.id ?? ''))))).flat();
    expect(rowEvents.map((e) => e.type).sort()).toEqual([ORGANISATION_REGISTERED_V1, ORGANISATION_REGISTERED_V1, ORGANISATION_UPDATED_V1]);
    expect(rowEvents.map((e) => e.bulkid)).toEqual([importId, importId, importId]);

    const importEvents = eventsIn(await changeLog<OrganisationImportState>(service.db, 'organisation_imports', importId));
    expect(importEvents.map((e) => [e.type, e.bulkid, e.actor])).toEqual([
      [IMPORT_STARTED_V1, importId, coordinator.actor],
      [IMPORT_COMPLETED_V1, importId, coordinator.actor],
    ]);
    expect(importEvents[0]?.data).toMatchObject({ importId, rows: 3, regions: ['17'] });
    expect(importEvents[1]?.data).toMatchObject({ importId, rows: 3, created: 2, updated: 0, unchanged: 0, failed: 1 });

    // The resource shows the same report as the answer.
    const state = (await service.get(OrganisationImportRepository).load(importId))?.state;
    expect(state && presentImport(state)).toMatchObject({
      status: 'completed',
      total: 3,
      processed: 3,
      created: 2,
      failed: 1,
      rows: result.rows,
    });

    // A single registration outside an import is no bulk change.
    const single = await asCaller(coordinator, () =>
      service
        .get(RegisterOrganisationHandler)
        .execute({ kind: 'association', name: { fi: uniqueName('Yksittäinen') }, municipalities: [OULU] }, coordinator),
    );
    expect(eventsIn(await history(single.id))[0]?.bulkid).toBeUndefined();
  });

  it('records progress while the rows are written, and the whole report at the end', async () => {
    const rows = Array.from({ length: 120 }, () => ['association', uniqueName('Edistyy'), OULU, '', '', '']);
    const started = await asCaller(coordinator, () =>
      service.get(ImportOrganisationsHandler).start(csv(HEADER, ...rows), coordinator, false),
    );
    const importId = started.id ?? '';
    const imports = service.get(OrganisationImportRepository);
    let finished = false;
    const done = started.done.finally(() => (finished = true));
    const seen: { status: string; processed: number }[] = [];
    while (!finished) {
      const state = (await imports.load(importId))?.state;
      if (state) seen.push(presentImport(state));
      await new Promise((r) => setTimeout(r, 50));
    }
    const result = await done;
    const last = presentImport((await imports.load(importId))?.state as OrganisationImportState);
    expect(seen[0]).toMatchObject({ status: 'running', total: 120 });
    const processed = seen.map((s) => s.processed);
    expect(processed).toEqual([...processed].sort((x, y) => x - y));
    expect(last).toMatchObject({ status: 'completed', processed: 120, created: 120, rows: result.rows });
    expect(result.rows.map((r) => r.row)).toEqual(rows.map((_, i) => i + 2));
  });
});
