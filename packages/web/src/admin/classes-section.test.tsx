import type { ClassInfo, Person } from '@parta/shared';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, json, stubFetch } from '../test/fake-fetch';
import { academicYearOf } from './admin-api';
import { buildOrgEntry, page, renderAdmin } from './org-test-utils';

function cls(overrides: Partial<ClassInfo> = {}): ClassInfo {
  return {
    id: 5,
    organizationId: 3,
    name: '5А',
    kind: 'class',
    grade: 5,
    academicYear: 2024,
    classTeacherId: 12,
    pupilCount: 25,
    archived: false,
    ...overrides,
  };
}

/** A person; staff of school 3 with `role` (pedagogical unless `staff`). */
function person(id: number, displayName: string, role?: 'teacher' | 'staff'): Person {
  const [lastName = '', firstName = ''] = displayName.split(' ');
  const positions = role
    ? [
        {
          id: id * 10,
          organizationId: 3,
          organizationName: 'МАОУ СОШ № 5',
          organizationKind: 'general' as const,
          role,
          title: null,
          pedagogical: role === 'teacher',
        },
      ]
    : [];
  return { id, lastName, firstName, middleName: null, displayName, positions, active: true };
}

const orgs = page([buildOrgEntry()]);
const staff = page([
  person(12, 'Иванова Мария', 'teacher'),
  person(13, 'Петров Олег', 'teacher'),
  person(14, 'Орлова Вера', 'staff'),
]);

describe('classes', () => {
  it('lists the classes in school order with their teachers and pupil counts', async () => {
    stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/organizations/3/staff': staff,
      'GET /api/v1/organizations/3/classes': page([
        cls({ id: 7, name: '10А', grade: 10, classTeacherId: 13, pupilCount: 20 }),
        cls({ id: 6, name: '5Б', grade: 5, classTeacherId: null, pupilCount: 24 }),
        cls(),
        cls({ id: 9, name: '1А', grade: 1, classTeacherId: 99, pupilCount: 27 }),
      ]),
    });
    renderAdmin('/admin/classes?org=3');

    const table = await screen.findByRole('table', { name: 'Классы' });
    await within(table).findByText('Иванова Мария');
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['1А', 'Не из сотрудников организации', '27', 'Класс'],
      ['5А', 'Иванова Мария', '25', 'Класс'],
      ['5Б', '—', '24', 'Класс'],
      ['10А', 'Петров Олег', '20', 'Класс'],
    ]);
    expect(screen.getByText('4 класса, 96 учеников')).toBeInTheDocument();
  });

  it('creates a class: the grade follows the name, the teacher is one of the staff', async () => {
    const created = cls({ id: 21, name: '10Б', grade: 10, classTeacherId: 13, pupilCount: 0 });
    const { requests } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/organizations/3/staff': staff,
      'GET /api/v1/organizations/3/classes': page([cls()]),
      'POST /api/v1/organizations/3/classes': [apiError(409, 'ALREADY_EXISTS'), json(201, created)],
      'GET /api/v1/classes/21': json(200, created),
      'GET /api/v1/classes/21/pupils': page([]),
    });
    renderAdmin('/admin/classes?org=3');
    fireEvent.click(await screen.findByRole('button', { name: 'Новый класс' }));
    const dialog = await screen.findByRole('dialog', { name: 'Новый класс или группа' });

    fireEvent.click(within(dialog).getByRole('button', { name: 'Создать' }));
    expect(within(dialog).getByLabelText('Название')).toHaveAccessibleDescription(
      'Заполните это поле.',
    );
    fireEvent.change(within(dialog).getByLabelText('Название'), { target: { value: '10Б' } });
    expect(within(dialog).getByLabelText('Параллель')).toHaveValue(10);
    await within(dialog).findByRole('option', { name: 'Петров Олег' });
    fireEvent.change(within(dialog).getByLabelText('Классный руководитель'), {
      target: { value: '13' },
    });
    // Only pedagogical workers may be class teachers: the secretary is not offered.
    expect(within(dialog).queryByRole('option', { name: 'Орлова Вера' })).not.toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Создать' }));
    // A taken name is said on the name field.
    await waitFor(() =>
      expect(within(dialog).getByLabelText('Название')).toHaveAccessibleDescription(
        'В этом учебном году в организации уже есть класс с таким названием.',
      ),
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Создать' }));

    expect(await screen.findByRole('heading', { name: '10Б' })).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST').at(-1)?.body).toEqual({
      name: '10Б',
      kind: 'class',
      grade: 10,
      academicYear: 2024,
      classTeacherId: 13,
    });
    expect(screen.getByText('В классе пока нет учеников.')).toBeInTheDocument();
  });

  it('a new school without classes offers this academic year and points to the pupils import', async () => {
    stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/organizations/3/staff': staff,
      'GET /api/v1/organizations/3/classes': page([]),
    });
    renderAdmin('/admin/classes?org=3');
    expect(await screen.findByRole('link', { name: /Загрузить список учеников/ })).toHaveAttribute(
      'href',
      '/admin/import?org=3&kind=pupils',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Новый класс' }));
    const year = academicYearOf(new Date());
    expect(await screen.findByLabelText('Учебный год')).toHaveValue(String(year));
  });

  it('shows a class’s pupils and removes one only after confirmation', async () => {
    const { requests } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/organizations/3/staff': staff,
      'GET /api/v1/organizations/3/classes': page([cls()]),
      'GET /api/v1/classes/5': json(200, cls()),
      'GET /api/v1/classes/5/pupils': [
        page([person(77, 'Соколов Артём'), person(78, 'Морозова Дарья')]),
        page([person(78, 'Морозова Дарья')]),
      ],
      'DELETE /api/v1/classes/5/enrolments/77': new Response(null, { status: 204 }),
    });
    renderAdmin('/admin/classes?org=3&class=5');

    expect(await screen.findByRole('heading', { name: '5А' })).toBeInTheDocument();
    expect(await screen.findByText('Иванова Мария')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Соколов Артём' })).toHaveAttribute(
      'href',
      '/admin/people?org=3&person=77',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Отчислить: Соколов Артём' }));
    const dialog = await screen.findByRole('dialog', { name: 'Отчислить из класса?' });
    expect(dialog).toHaveTextContent('Из 5А отчисляется: Соколов Артём.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Отчислить' }));
    await waitFor(() =>
      expect(screen.queryByRole('link', { name: 'Соколов Артём' })).not.toBeInTheDocument(),
    );
    expect(requests.some((r) => r.method === 'DELETE')).toBe(true);
  });

  it('changes a class: only what changed is sent, the server’s refusals land on their fields', async () => {
    const renamed = cls({ name: '5В', classTeacherId: 13 });
    const { requests } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/organizations/3/staff': staff,
      'GET /api/v1/organizations/3/classes': page([cls()]),
      'GET /api/v1/classes/5': [json(200, cls()), json(200, renamed)],
      'GET /api/v1/classes/5/pupils': page([]),
      'PATCH /api/v1/classes/5': [
        apiError(409, 'ALREADY_EXISTS'),
        json(400, {
          error: {
            code: 'VALIDATION_FAILED',
            message: 'body.classTeacherId: holds no pedagogical position in this organisation',
            retriable: false,
            details: [
              {
                path: 'body.classTeacherId',
                message: 'holds no pedagogical position in this organisation',
              },
            ],
          },
        }),
        json(200, renamed),
      ],
    });
    renderAdmin('/admin/classes?org=3&class=5');
    fireEvent.click(await screen.findByRole('button', { name: 'Изменить' }));
    const dialog = await screen.findByRole('dialog', { name: 'Изменить: 5А' });
    const name = within(dialog).getByLabelText('Название');
    const teacher = within(dialog).getByLabelText('Классный руководитель');
    expect(name).toHaveValue('5А');
    await within(dialog).findByRole('option', { name: 'Петров Олег' });
    expect(teacher).toHaveValue('12');
    expect(within(dialog).getByLabelText('Параллель')).toHaveValue(5);

    fireEvent.change(name, { target: { value: '5В' } });
    // The grade of an existing class does not follow its name by itself.
    expect(within(dialog).getByLabelText('Параллель')).toHaveValue(5);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Сохранить' }));
    await waitFor(() =>
      expect(name).toHaveAccessibleDescription(
        'В этом учебном году в организации уже есть класс с таким названием.',
      ),
    );
    expect(requests.filter((r) => r.method === 'PATCH')[0]?.body).toEqual({ name: '5В' });

    fireEvent.change(teacher, { target: { value: '13' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Сохранить' }));
    await waitFor(() =>
      expect(teacher).toHaveAccessibleDescription(/только педагогический работник организации/),
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Сохранить' }));
    expect(await screen.findByRole('heading', { name: '5В' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'PATCH').at(-1)?.body).toEqual({
      name: '5В',
      classTeacherId: 13,
    });
    expect(await screen.findByText('Петров Олег')).toBeInTheDocument();
  });

  it('an unchanged form sends nothing', async () => {
    const { requests } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/organizations/3/staff': staff,
      'GET /api/v1/organizations/3/classes': page([cls()]),
      'GET /api/v1/classes/5': json(200, cls()),
      'GET /api/v1/classes/5/pupils': page([]),
    });
    renderAdmin('/admin/classes?org=3&class=5');
    fireEvent.click(await screen.findByRole('button', { name: 'Изменить' }));
    const dialog = await screen.findByRole('dialog', { name: 'Изменить: 5А' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Сохранить' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(requests.some((r) => r.method === 'PATCH')).toBe(false);
  });

  it('archives a class: the page says so and no longer offers enrolment', async () => {
    const archived = cls({ archived: true });
    const { requests } = stubFetch({
      'GET /api/v1/organizations': orgs,
      'GET /api/v1/organizations/3/staff': staff,
      'GET /api/v1/organizations/3/classes': page([cls()]),
      'GET /api/v1/classes/5': [json(200, cls()), json(200, archived)],
      'GET /api/v1/classes/5/pupils': page([person(77, 'Соколов Артём')]),
      'PATCH /api/v1/classes/5': json(200, archived),
    });
    renderAdmin('/admin/classes?org=3&class=5');
    expect(await screen.findByRole('button', { name: 'Зачислить ученика' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Изменить' }));
    const dialog = await screen.findByRole('dialog', { name: 'Изменить: 5А' });
    const box = within(dialog).getByRole('checkbox', {
      name: 'Класс в архиве (выпущен или расформирован)',
    });
    expect(box).not.toBeChecked();
    fireEvent.click(box);
    expect(box).toHaveAccessibleDescription(/выйдут из чатов класса/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Сохранить' }));

    expect(await screen.findByText(/Класс в архиве: его нет в списке классов/)).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ archived: true });
    expect(screen.getByText('в архиве')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Зачислить ученика' })).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Отчислить: Соколов Артём' }),
    ).not.toBeInTheDocument();
  });
});
