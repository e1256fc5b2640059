/** Loaded with `node --import` by bench/scan/libvips-threads.ts: sets libvips' threads (process-wide) for one scan. */
import sharp from 'sharp';

const threads = process.env.FACETAG_BENCH_LIBVIPS_THREADS;
if (threads) sharp.concurrency(Number(threads));
