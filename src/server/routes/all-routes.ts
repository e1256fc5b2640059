import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { annotateRoutes } from './annotate.js';
import { faceRoutes } from './faces.js';
import { healthRoutes } from './health.js';
import { inferenceRoutes } from './inference.js';
import { metricsRoutes } from './metrics.js';
import { peopleRoutes } from './people.js';
import { photoRoutes } from './photos.js';
import { reviewRoutes } from './review.js';
import { jobRoutes } from './jobs.js';
import { scanRoutes } from './scans.js';
import { statusRoutes } from './status.js';
import { suggestionRoutes } from './suggestions.js';
import { webAppRoutes } from './web-app.js';

/** Route plugins by what they serve; `--only inference` registers only the inference and health ones. */
export const inferenceRoutePlugins: FastifyPluginAsyncZod[] = [inferenceRoutes];
export const healthRoutePlugins: FastifyPluginAsyncZod[] = [healthRoutes, metricsRoutes];
export const libraryRoutePlugins: FastifyPluginAsyncZod[] = [peopleRoutes, faceRoutes, photoRoutes, reviewRoutes, suggestionRoutes, annotateRoutes, scanRoutes, jobRoutes, statusRoutes, webAppRoutes];
