import { describe, expect, it } from 'vitest';
import { digikamPeople } from '../../../src/interop/import/digikam-people-tags.js';

describe('digikamPeople', () => {
  it('takes the last part of People/ tags as the name and ignores other tags', () => {
    expect(digikamPeople(['People/Ann Lee', 'Places/Paris', 'People', 'Holiday', 'People/Family/Bob Roe'])).toEqual(['Ann Lee', 'Bob Roe']);
  });

  it("skips digiKam's own bookkeeping tags and duplicates, and reads a single tag", () => {
    expect(digikamPeople(['People/Unknown', 'People/Unconfirmed', 'People/Ignored', 'People/Ann', 'People/Family/Ann'])).toEqual(['Ann']);
    expect(digikamPeople('People/Zoë')).toEqual(['Zoë']);
    expect(digikamPeople(undefined)).toEqual([]);
  });
});
