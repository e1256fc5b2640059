import type { Command } from 'commander';
import { withLibraryApi } from '../context.js';
import { formatTable } from '../table.js';

export function registerPerson(program: Command): void {
  const person = program.command('person').description('look at and correct one person');

  person
    .command('show')
    .argument('<person>', 'id (p12) or name')
    .description("list a person's faces with their photos")
    .action(async (who: string, _opts: unknown, command: Command) => {
      await withLibraryApi(command, async (lib) => {
        const handle = await lib.personByIdOrName(who);
        const p = await handle.info();
        const faces = await handle.facesInPhotoOrder();
        console.log(`${p.id} ${p.name ?? '(no name)'}: ${p.faces} faces in ${p.photos} photos${p.hidden ? ', hidden' : ''}`);
        console.log(
          formatTable(
            ['FACE', 'BY', 'QUALITY', 'BOX', 'PHOTO'],
            faces.map((f) => [f.id, f.source ?? '-', f.quality.overall.toFixed(2), `${f.box.x},${f.box.y} ${f.box.w}x${f.box.h}`, f.photoPath ?? '?']),
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
      await withLibraryApi(command, async (lib) => {
        const photos = await (await lib.personByIdOrName(who)).timelineRecords();
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
      await withLibraryApi(command, async (lib) => {
        const companions = await (await lib.personByIdOrName(who)).companions();
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
      await withLibraryApi(command, async (lib) => {
        const p = await lib.personByIdOrName(who);
        // The CLI's own clash message names the merge command to run; rename() would refuse the same names.
        const clash = await lib.findPerson(name);
        if (clash && clash.id !== p.id) throw new Error(`"${name}" is already ${clash.id}; merge them with: facetag person merge ${clash.id} ${p.id}`);
        await p.rename(name);
        console.log(`${p.id} is now ${name}`);
      });
    });

  person
    .command('merge')
    .argument('<into>', 'the person to keep')
    .argument('<others...>', 'people to fold into it')
    .description('merge people who are the same person')
    .action(async (into: string, others: string[], _opts: unknown, command: Command) => {
      await withLibraryApi(command, async (lib) => {
        const keep = await lib.personByIdOrName(into);
        const ids = [];
        for (const other of others) ids.push((await lib.personByIdOrName(other)).id);
        const merged = await keep.merge(ids);
        console.log(`${merged.id} ${merged.name ?? ''} now has ${merged.faces} faces`);
      });
    });

  person
    .command('split')
    .argument('<person>', 'the person to take faces from')
    .argument('<faces...>', 'face ids (see facetag person show)')
    .description('move faces out into a new person, never to be merged back')
    .action(async (who: string, faces: string[], _opts: unknown, command: Command) => {
      await withLibraryApi(command, async (lib) => {
        const created = await (await lib.personByIdOrName(who)).split(faces);
        console.log(`moved ${faces.length} face(s) to new person ${created.id}`);
      });
    });

  person
    .command('not')
    .argument('<person>', 'id or name')
    .argument('<faces...>', 'face ids that are not this person')
    .description('"not this person": remove faces from a person for good')
    .action(async (who: string, faces: string[], _opts: unknown, command: Command) => {
      await withLibraryApi(command, async (lib) => {
        await (await lib.personByIdOrName(who)).reject(faces);
        console.log(`removed ${faces.length} face(s) from ${who}`);
      });
    });

  person
    .command('move')
    .argument('<faces...>', 'face ids')
    .requiredOption('--to <person>', 'id or name of the person they show')
    .description('put faces into a person')
    .action(async (faces: string[], opts: { to: string }, command: Command) => {
      await withLibraryApi(command, async (lib) => {
        await lib.moveFaces(faces, (await lib.personByIdOrName(opts.to)).id);
        console.log(`moved ${faces.length} face(s) to ${opts.to}`);
      });
    });

  for (const [name, hidden] of [['hide', true], ['unhide', false]] as const) {
    person
      .command(name)
      .argument('<person>', 'id or name')
      .description(hidden ? 'hide a person from lists (strangers in the background)' : 'show a hidden person again')
      .action(async (who: string, _opts: unknown, command: Command) => {
        await withLibraryApi(command, async (lib) => {
          const p = await lib.personByIdOrName(who);
          await (hidden ? p.hide() : p.unhide());
          console.log(`${p.id} ${hidden ? 'hidden' : 'shown'}`);
        });
      });
  }
}
