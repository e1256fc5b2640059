import { Command, CommanderError } from 'commander';
import { registerScan } from './commands/scan.js';
import { registerPeople } from './commands/people.js';
import { registerPerson } from './commands/person.js';
import { registerPhotos } from './commands/photos.js';
import { registerExport } from './commands/export.js';
import { registerStatus } from './commands/status.js';
import { registerModels } from './commands/models.js';
import { registerRecluster } from './commands/recluster.js';
import { registerEval } from './commands/eval.js';
import { registerWorker } from './commands/worker.js';
import { registerJobs } from './commands/jobs.js';
import { registerCluster } from './commands/cluster.js';
import { registerGraph } from './commands/graph.js';
import { registerServe } from './commands/serve.js';
import { registerDoctor } from './commands/doctor.js';
import { registerImport } from './commands/import.js';
import { registerAnnotate } from './commands/annotate.js';
import { registerSuggestions } from './commands/suggestions.js';
import { registerAsk } from './commands/ask.js';

export function buildProgram(): Command {
  const program = new Command('facetag')
    .description('Find every face in your photos, learn who is who, search, correct and export.')
    .option('--library <dir>', 'library folder (env FACETAG_LIBRARY; default: your data folder)')
    .option('--objects <s3url>', 'keep face crops in s3://bucket/prefix (env FACETAG_OBJECTS)')
    .option('--graph <url>', 'keep the catalog in Neo4j at neo4j://user:password@host:7687 (env FACETAG_GRAPH)')
    .showHelpAfterError()
    .exitOverride();
  for (const register of [registerScan, registerPeople, registerPerson, registerPhotos, registerExport, registerImport, registerStatus, registerModels, registerRecluster, registerEval, registerWorker, registerJobs, registerCluster, registerGraph, registerServe, registerDoctor, registerAnnotate, registerSuggestions, registerAsk]) {
    register(program);
  }
  return program;
}

/** Runs the CLI; returns the exit code. Errors print as one line naming what failed. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    console.error(`facetag: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
