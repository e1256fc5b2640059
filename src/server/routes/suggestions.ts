import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { askLibrary } from '../../annotate/ask-library.js';
import { acceptSuggestion, rejectSuggestion } from '../../annotate/decide-suggestions.js';
import { suggestionView } from '../../annotate/suggestion-view.js';
import { decisionPorts } from '../../api/suggestion-ports.js';
import { photoViews } from '../../library/photo-view.js';
import { LlmError } from '../../llm/llm-client.js';
import { HttpProblem } from '../problem.js';
import { Problem } from '../schemas/library.js';
import { AskAnswer, AskQuery, SuggestionDecided, SuggestionList, SuggestionParams, SuggestionsQuery } from '../schemas/suggestions.js';

const tags = ['suggestions'];

/** A language model's pending suggestions (from facetag annotate), the user's yes or no, and questions in plain words. */
export const suggestionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { lib } = app.ctx;
  const { catalog } = lib.backends;

  app.get(
    '/api/suggestions',
    { schema: { tags, summary: 'the pending suggestions, oldest first', querystring: SuggestionsQuery, response: { 200: SuggestionList, 400: Problem } } },
    async (request) => {
      const { personId } = request.query;
      const pending = await catalog.listSuggestions({ status: 'pending', ...(personId ? { target: { type: 'person' as const, id: personId } } : {}) });
      return { items: pending.map(suggestionView) };
    },
  );

  for (const decided of ['accepted', 'rejected'] as const) {
    app.post(
      `/api/suggestions/:id/${decided === 'accepted' ? 'accept' : 'reject'}`,
      {
        schema: {
          tags,
          summary: decided === 'accepted' ? 'accept: an accepted name names the person (409 when someone else has it)' : 'reject: the value is never suggested again for its person or photo',
          params: SuggestionParams,
          response: { 200: SuggestionDecided, 400: Problem, 404: Problem, 409: Problem },
        },
      },
      async (request) => {
        const { id } = request.params;
        const before = decided === 'accepted' ? await acceptSuggestion(decisionPorts(lib), id) : await rejectSuggestion(catalog, id);
        return { decided, suggestion: suggestionView(before) };
      },
    );
  }

  app.get(
    '/api/ask',
    {
      schema: {
        tags,
        summary: 'photos for a question in plain words: the search the model made of it, then the photos (503 without a language model, 502 when it fails)',
        querystring: AskQuery,
        response: { 200: AskAnswer, 400: Problem, 502: Problem, 503: Problem },
      },
    },
    async (request) => {
      const { llm } = app.ctx;
      if (llm === null) throw new HttpProblem(503, 'unavailable', 'no language model configured: start facetag serve with --llm-url or FACETAG_LLM_URL');
      try {
        const answer = await askLibrary({ catalog, llm }, request.query.q);
        return { ...answer, photos: await photoViews(catalog, answer.photos) };
      } catch (error) {
        if (error instanceof LlmError) throw new HttpProblem(502, 'bad gateway', error.message);
        throw error;
      }
    },
  );
};
