import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AnnotateService } from '../../annotate/annotate-service.js';
import { annotatePorts } from '../../api/suggestion-ports.js';
import { HttpProblem } from '../problem.js';
import { Problem } from '../schemas/library.js';
import { Annotation, AnnotationParams, StartAnnotateBody } from '../schemas/suggestions.js';

const tags = ['suggestions'];

/**
 * Annotation runs started over HTTP, as `facetag annotate` does them: in the background, one at a time (a second
 * while one runs is refused with 409), followed with GET until they end. Their suggestions appear in GET /api/suggestions.
 */
export const annotateRoutes: FastifyPluginAsyncZod = async (app) => {
  const { lib, llm } = app.ctx;
  const runs = llm === null ? null : new AnnotateService(annotatePorts(lib, llm));
  // A running annotation stops asking before the library closes; what it stored stays.
  app.addHook('onClose', async () => runs?.close());

  app.post(
    '/api/annotate',
    {
      schema: {
        tags,
        summary: 'start asking the language model about people (or photos) in the background; 409 while another run goes on, 503 without a model',
        body: StartAnnotateBody,
        response: { 202: Annotation, 400: Problem, 404: Problem, 409: Problem, 503: Problem },
      },
    },
    async (request, reply) => {
      if (runs === null) throw new HttpProblem(503, 'unavailable', 'no language model configured: start facetag serve with --llm-url or FACETAG_LLM_URL');
      const body = request.body;
      const people = 'allUnnamed' in body ? 'all-unnamed' : 'personIds' in body ? body.personIds : [];
      const applyMinConfidence = body.apply === true ? (body.minConfidence ?? 0.9) : null;
      return reply.code(202).send(await runs.start({ people, photos: body.photos === true, applyMinConfidence }));
    },
  );
  app.get(
    '/api/annotate/:id',
    { schema: { tags, summary: 'one annotation run: its progress, tokens and time, and how it ended', params: AnnotationParams, response: { 200: Annotation, 400: Problem, 404: Problem } } },
    async (request) => {
      if (runs === null) throw new HttpProblem(404, 'not found', `no annotation run ${request.params.id}: this server has no language model`);
      return runs.get(request.params.id);
    },
  );
};
