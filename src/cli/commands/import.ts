import type { Command } from 'commander';
import type { FacetagLibrary } from '../../api/facetag-library.js';
import type { NameWriter } from '../../interop/import/apply-import.js';
import { importFaceNames, type ImportReport } from '../../interop/import/import-face-names.js';
import type { NameAction } from '../../interop/import/name-actions.js';
import { withLibraryApi } from '../context.js';
import { importSources } from './import-sources.js';

export function registerImport(program: Command): void {
  program
    .command('import')
    .argument('<paths...>', 'photos or folders of the library whose sidecars (photo.jpg.xmp, photo.xmp) and embedded XMP to read')
    .description('name faces from the XMP face regions of digiKam, Lightroom, Picasa, Windows Photo Gallery (and facetag export)')
    .option('--overwrite', 'let the files win over your own earlier decisions and settle conflicts (listed either way)')
    .option('--dry-run', 'print what would change and change nothing')
    .option('--add-faces', 'make a face (embedded with the library\'s pack) of each named region where no face was found, and name it')
    .action(async (paths: string[], opts: { overwrite?: boolean; dryRun?: boolean; addFaces?: boolean }, command: Command) => {
      await withLibraryApi(command, async (lib) => {
        const sources = await importSources(lib, opts.addFaces === true, opts.dryRun === true);
        const report = await importFaceNames(lib.backends.catalog, libraryWriter(lib), paths, { overwrite: opts.overwrite, dryRun: opts.dryRun, ...sources.options }).finally(() => sources.close());
        printReport(report, opts.dryRun === true, opts.overwrite === true);
        if (report.errors.length > 0) process.exitCode = 1;
      });
    });
}

/** Names go through the library API, the same calls as a user naming a face in the web app. */
function libraryWriter(lib: FacetagLibrary): NameWriter {
  return {
    createPerson: async (name, faceIds) => (await lib.createPerson(name, faceIds)).id,
    moveFaces: async (faceIds, personId) => void (await lib.moveFaces(faceIds, personId)),
    renamePerson: async (personId, name) => void (await (await lib.person(personId)).rename(name)),
  };
}

function printReport(report: ImportReport, dryRun: boolean, overwrite: boolean): void {
  for (const error of report.errors) process.stderr.write(`error: ${error}\n`);
  for (const c of report.conflicts) console.log(`conflict: ${c.photoPath}: ${c.message} (${overwrite ? 'the file wins' : 'skipped; --overwrite lets the file win'})`);
  for (const u of report.unmatched) console.log(`no face: ${u.photoPath}: "${u.name}" (${u.reason ?? 'no face facetag found is at that region'})`);
  for (const a of report.addedFaces) console.log(`${dryRun ? 'would: add face' : `added face ${a.faceId}:`} ${a.photoPath}: "${a.name}"`);
  for (const p of report.photoLevelNames) console.log(`photo only: ${p.photoPath}: ${p.names.map((n) => `"${n}"`).join(', ')} (no region: nothing to match)`);
  for (const action of report.actions) console.log(`${dryRun ? 'would: ' : ''}${describe(action)}`);
  console.log(
    `${report.regionsRead} named regions read (${report.unnamedRegions} without a name), ${report.matched} matched, ${report.unmatched.length} unmatched (no face found), ` +
      `${report.conflicts.length} conflicts, ${report.counts.peopleCreated} people created, ${report.counts.peopleNamed} people named, ` +
      `${report.counts.facesNamed} faces named, ${report.alreadyNamed} already named so, ${report.addedFaces.length} faces added` +
      (dryRun ? ' (dry run: nothing changed)' : ''),
  );
}

function describe(action: NameAction): string {
  const faces = `${action.faceIds.length} face${action.faceIds.length === 1 ? '' : 's'}`;
  if (action.kind === 'create') return `new person "${action.name}" with ${faces}`;
  if (action.kind === 'name') return `${action.personId} named "${action.name}", confirmed on ${faces}`;
  return `${faces} put in ${action.personId} "${action.name}"`;
}
