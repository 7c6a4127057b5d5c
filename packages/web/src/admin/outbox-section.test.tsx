import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, json, stubFetch } from '../test/fake-fetch';
import {
  buildHead,
  buildOrg,
  buildOutboxEntry,
  page,
  renderWithProviders,
} from './onboarding-test-data';
import OutboxSection from './outbox-section';

const orgs = json(200, { items: [buildOrg()], total: 1, limit: 200, offset: 0 });

describe('outbox section', () => {
  it('shows recipient, channel, status and text, and sends an invitation message again', async () => {
    const stored = buildOutboxEntry();
    const failed = buildOutboxEntry({
      id: 2,
      channel: 'sms',
      recipient: '+79120001122',
      subject: null,
      status: 'failed',
      error: 'SMS gateway is not configured',
    });
    const { requests } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/outbox': json(200, page([stored, failed])),
      'POST /api/v1/invitations/31/send': json(201, { ...failed, id: 3, status: 'stored' }),
    });
    renderWithProviders(<OutboxSection me={buildHead()} params={new URLSearchParams()} />);

    const items = await screen.findAllByRole('listitem');
    expect(within(items[0]!).getByText('Сохранено')).toBeInTheDocument();
    expect(within(items[0]!).getByText('Передайте текст вручную')).toBeInTheDocument();
    expect(within(items[0]!).getByText('ivanova@example.ru')).toBeInTheDocument();
    expect(within(items[0]!).getByText('E-mail')).toBeInTheDocument();
    expect(within(items[0]!).getByText(/Вас приглашают в Парту/)).toBeInTheDocument();
    expect(within(items[1]!).getByText('Ошибка')).toBeInTheDocument();
    expect(within(items[1]!).getByText('SMS')).toBeInTheDocument();
    expect(within(items[1]!).getByText('SMS gateway is not configured')).toBeInTheDocument();
    expect(screen.getByText('2 сообщения')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Отправить снова: +79120001122' }));
    expect(
      await screen.findByText('Новое сообщение добавлено в начало списка.'),
    ).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      channel: 'sms',
      to: '+79120001122',
    });
  });

  it('filters by status and says when nothing matches', async () => {
    stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/outbox': [json(200, page([buildOutboxEntry()])), json(200, page([]))],
    });
    renderWithProviders(<OutboxSection me={buildHead()} params={new URLSearchParams()} />);

    await screen.findByText('ivanova@example.ru');
    fireEvent.change(screen.getByLabelText('Состояние'), { target: { value: 'failed' } });
    expect(await screen.findByText('Нет сообщений в этом состоянии.')).toBeInTheDocument();
  });

  it('explains a refusal to show the outbox', async () => {
    stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/outbox': apiError(403, 'FORBIDDEN'),
    });
    renderWithProviders(<OutboxSection me={buildHead()} params={new URLSearchParams()} />);

    expect(await screen.findByText('Это действие вам недоступно.')).toBeInTheDocument();
  });
});
