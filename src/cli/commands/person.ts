import type { Command } from 'commander';
import { configFrom, withLibrary } from '../context.js';
import { formatTable } from '../table.js';
import { mergeInto, moveFaces, rejectFaces, requirePerson, splitPerson } from '../../people/people-service.js';
import { companionsOfPerson, timelineOf } from '../../people/person-queries.js';

export function registerPerson(program: Command): void {
  const person = program.command('person').description('look at and correct one person');

  person
    .command('show')
    .argument('<person>', 'id (p12) or name')
    .description("list a person's faces with their photos")
    .action(async (who: string, _opts: unknown, command: Command) => {
      await withLibrary(configFrom(command), async ({ catalog }) => {
        const p = await requirePerson(catalog, who);
        const faces = await catalog.listFaces({ personId: p.id });
        const photos = new Map((await catalog.listPhotos()).map((ph) => [ph.sha256, ph.path]));
        console.log(`${p.id} ${p.name ?? '(no name)'}: ${p.faces} faces in ${p.photos} photos${p.hidden ? ', hidden' : ''}`);
        console.log(
          formatTable(
            ['FACE', 'BY', 'QUALITY', 'BOX', 'PHOTO'],
            faces.map((f) => [f.id, f.source ?? '-', f.quality.overall.toFixed(2), `${f.box.x},${f.box.y} ${f.box.w}x${f.box.h}`, photos.get(f.photoSha256) ?? '?']),
          ),
        );
      });
    });

  person
    .command('timeline')
    .argument('<person>', 'id (p12) or name')
    .option('--json', 'print JSON')
    .description("the person's photos in the order they were taken (photos without a capture time last)")
    .action(async (who: string, opts: { json?: boolean }, command: Command) => {
      await withLibrary(configFrom(command), async (library) => {
        const photos = await timelineOf(library, (await requirePerson(library.catalog, who)).id);
        if (opts.json) console.log(JSON.stringify(photos, null, 2));
        else console.log(formatTable(['TAKEN', 'PHOTO'], photos.map((p) => [p.takenAt ?? '-', p.path])));
      });
    });

  person
    .command('with')
    .argument('<person>', 'id (p12) or name')
    .option('--json', 'print JSON')
    .description('who appears with the person, and on how many photos')
    .action(async (who: string, opts: { json?: boolean }, command: Command) => {
      await withLibrary(configFrom(command), async (library) => {
        const companions = await companionsOfPerson(library, (await requirePerson(library.catalog, who)).id);
        if (opts.json) console.log(JSON.stringify(companions, null, 2));
        else console.log(formatTable(['PERSON', 'NAME', 'PHOTOS'], companions.map((c) => [c.personId, c.name ?? '-', String(c.photos)])));
      });
    });

  person
    .command('name')
    .argument('<person>', 'id (p12) or current name')
    .argument('<name>', 'the new name')
    .description('name (or rename) a person')
    .action(async (who: string, name: string, _opts: unknown, command: Command) => {
      await withLibrary(configFrom(command), async ({ catalog }) => {
        const p = await requirePerson(catalog, who);
        const clash = await catalog.findPerson(name);
        if (clash && clash.id !== p.id) throw new Error(`"${name}" is already ${clash.id}; merge them with: facetag person merge ${clash.id} ${p.id}`);
        await catalog.renamePerson(p.id, name);
        console.log(`${p.id} is now ${name}`);
      });
    });

  person
    .command('merge')
    .argument('<into>', 'the person to keep')
    .argument('<others...>', 'people to fold into it')
    .description('merge people who are the same person')
    .action(async (into: string, others: string[], _opts: unknown, command: Command) => {
      await withLibrary(configFrom(command), async ({ catalog }) => {
        const merged = await mergeInto(catalog, into, others);
        console.log(`${merged.id} ${merged.name ?? ''} now has ${merged.faces} faces`);
      });
    });

  person
    .command('split')
    .argument('<person>', 'the person to take faces from')
    .argument('<faces...>', 'face ids (see facetag person show)')
    .description('move faces out into a new person, never to be merged back')
    .action(async (who: string, faces: string[], _opts: unknown, command: Command) => {
      await withLibrary(configFrom(command), async ({ catalog }) => {
        const created = await splitPerson(catalog, who, faces);
        console.log(`moved ${faces.length} face(s) to new person ${created}`);
      });
    });

  person
    .command('not')
    .argument('<person>', 'id or name')
    .argument('<faces...>', 'face ids that are not this person')
    .description('"not this person": remove faces from a person for good')
    .action(async (who: string, faces: string[], _opts: unknown, command: Command) => {
      await withLibrary(configFrom(command), async ({ catalog }) => {
        await rejectFaces(catalog, who, faces);
        console.log(`removed ${faces.length} face(s) from ${who}`);
      });
    });

  person
    .command('move')
    .argument('<faces...>', 'face ids')
    .requiredOption('--to <person>', 'id or name of the person they show')
    .description('put faces into a person')
    .action(async (faces: string[], opts: { to: string }, command: Command) => {
      await withLibrary(configFrom(command), async ({ catalog }) => {
        await moveFaces(catalog, faces, opts.to);
        console.log(`moved ${faces.length} face(s) to ${opts.to}`);
      });
    });

  for (const [name, hidden] of [['hide', true], ['unhide', false]] as const) {
    person
      .command(name)
      .argument('<person>', 'id or name')
      .description(hidden ? 'hide a person from lists (strangers in the background)' : 'show a hidden person again')
      .action(async (who: string, _opts: unknown, command: Command) => {
        await withLibrary(configFrom(command), async ({ catalog }) => {
          const p = await requirePerson(catalog, who);
          await catalog.setHidden(p.id, hidden);
          console.log(`${p.id} ${hidden ? 'hidden' : 'shown'}`);
        });
      });
  }
}
