import { REACTIONS as CONTRACT } from '@parta/shared';
import { expect, it } from 'vitest';
import { REACTIONS } from './reactions';

it('offers exactly the reactions of the contract', () => {
  expect(REACTIONS).toEqual(CONTRACT);
});
