import { describe, expect, it } from 'vitest';
import { DEFAULT_LLM_TIMEOUT_MS, resolveLlmSettings } from '../../src/llm/llm-settings.js';

describe('LLM settings', () => {
  it('are off (null) without a URL, whatever else is set', () => {
    expect(resolveLlmSettings({}, {})).toBeNull();
    expect(resolveLlmSettings({}, { FACETAG_LLM_URL: '  ', FACETAG_LLM_MODEL: 'm', FACETAG_LLM_KEY: 'k' })).toBeNull();
  });

  it('come from the environment, with defaults for what is not set', () => {
    expect(resolveLlmSettings({}, { FACETAG_LLM_URL: 'http://127.0.0.1:8000/v1/' })).toEqual({
      url: 'http://127.0.0.1:8000/v1',
      model: null,
      key: null,
      vision: false,
      timeoutMs: DEFAULT_LLM_TIMEOUT_MS,
    });
    expect(
      resolveLlmSettings(
        {},
        { FACETAG_LLM_URL: 'https://api.example.com/v1', FACETAG_LLM_MODEL: 'gpt-x', FACETAG_LLM_KEY: 'sk-1', FACETAG_LLM_VISION: 'true', FACETAG_LLM_TIMEOUT_MS: '5000' },
      ),
    ).toEqual({ url: 'https://api.example.com/v1', model: 'gpt-x', key: 'sk-1', vision: true, timeoutMs: 5000 });
  });

  it('take the flags over the environment', () => {
    const env = { FACETAG_LLM_URL: 'http://a:1/v1', FACETAG_LLM_MODEL: 'env-model', FACETAG_LLM_TIMEOUT_MS: '5000' };
    expect(resolveLlmSettings({ llmUrl: 'http://b:2/v1', llmModel: 'flag-model', llmTimeoutMs: 7000, llmVision: true }, env)).toMatchObject({
      url: 'http://b:2/v1',
      model: 'flag-model',
      timeoutMs: 7000,
      vision: true,
    });
    expect(resolveLlmSettings({ llmUrl: 'http://b:2/v1' }, {})).not.toBeNull();
  });

  it('refuse bad values with the name of the setting', () => {
    expect(() => resolveLlmSettings({}, { FACETAG_LLM_URL: 'ftp://x/v1' })).toThrow(/^invalid LLM settings: FACETAG_LLM_URL \(--llm-url\): .*http/);
    expect(() => resolveLlmSettings({}, { FACETAG_LLM_URL: 'http://x/v1', FACETAG_LLM_TIMEOUT_MS: 'soon' })).toThrow(/FACETAG_LLM_TIMEOUT_MS/);
    expect(() => resolveLlmSettings({}, { FACETAG_LLM_URL: 'http://x/v1', FACETAG_LLM_TIMEOUT_MS: '0' })).toThrow(/FACETAG_LLM_TIMEOUT_MS/);
    expect(() => resolveLlmSettings({}, { FACETAG_LLM_URL: 'http://x/v1', FACETAG_LLM_VISION: 'yes' })).toThrow(
      'invalid LLM settings: FACETAG_LLM_VISION must be true or false, got "yes"',
    );
  });

  it('never show the key in an error', () => {
    const key = 'sk-very-secret';
    let message = '';
    try {
      resolveLlmSettings({}, { FACETAG_LLM_URL: 'not a url', FACETAG_LLM_KEY: key, FACETAG_LLM_TIMEOUT_MS: '-1' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/FACETAG_LLM_URL.*FACETAG_LLM_TIMEOUT_MS/);
    expect(message).not.toContain(key);
  });

  it('refuse a password in the URL, which fetch would reject and messages would show', () => {
    let message = '';
    try {
      resolveLlmSettings({}, { FACETAG_LLM_URL: 'http://me:hunter2@host:8000/v1' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe('invalid LLM settings: FACETAG_LLM_URL (--llm-url): the LLM URL must not carry user:password@; set FACETAG_LLM_KEY instead');
  });
});
