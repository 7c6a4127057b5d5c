import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { api } from '../api/client';

afterEach(() => {
  cleanup();
  api.setCsrfToken(null);
  window.localStorage.clear();
});
