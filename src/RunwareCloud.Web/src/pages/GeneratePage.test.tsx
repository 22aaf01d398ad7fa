// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryRouter } from 'react-router-dom';
import { GeneratePage } from './GeneratePage';

describe('GeneratePage', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows field errors beside the inputs and sends nothing when the form is invalid', async () => {
    const fetchMock = vi.fn(async (_url: string) => new Response(JSON.stringify({ total: 0, models: [] }), { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    render(<MemoryRouter><GeneratePage /></MemoryRouter>);

    fireEvent.change(screen.getByLabelText('Width'), { target: { value: '100' } });
    fireEvent.click(screen.getByRole('button', { name: 'Generate' }));

    expect(await screen.findByText('Describe what you want to see.')).toBeTruthy();
    expect(screen.getByText('Must be a multiple of 64 between 128 and 2048.')).toBeTruthy();
    expect(fetchMock.mock.calls.some(([url]) => String(url).startsWith('/api/generations'))).toBe(false);
  });

  it('maps the server validation errors to their fields', async () => {
    vi.stubGlobal('fetch', vi.fn(async (url: string) => String(url).startsWith('/api/generations')
      ? new Response(JSON.stringify({ title: 'One or more validation errors occurred.', errors: { model: ['model runware:9@9 is not available'] } }), { status: 400 })
      : new Response('{}', { status: 200 })));
    render(<MemoryRouter><GeneratePage /></MemoryRouter>);

    fireEvent.change(screen.getByLabelText('Prompt'), { target: { value: 'a quiet harbour' } });
    fireEvent.click(screen.getByRole('button', { name: 'Generate' }));

    const messages = await screen.findAllByText(/model runware:9@9 is not available/);
    expect(messages.some((m) => m.classList.contains('field-error'))).toBe(true);
  });
});
