/** Nested translation labels, as `GET /api/translations/{lang}` answers them. */
export type Translations = { [key: string]: string | Translations };

/** orchestrator-core's own keys: labels of the built-in form fields and workflows (reference §4.8). */
const CORE_TRANSLATIONS: Readonly<Record<string, Translations>> = {
  'en-GB': {
    forms: {
      fields: {
        note: 'Notes',
        note_info: 'Notes, reminders and feedback about this description.',
        subscription_id: 'Subscription',
        subscription_id_info: 'The subscription for this action',
        product_type: 'Product type',
      },
    },
    workflow: {
      modify_note: 'Modify subscription note',
      task_clean_up_tasks: 'Clean up old tasks',
      task_resume_workflows: "Resume all workflows that are stuck on tasks with the status 'waiting'",
      task_validate_awaiting_callbacks: 'Fail processes whose callback timed out',
      task_validate_products: 'Validate Products and Subscriptions',
      task_validate_product_type: 'Validate all subscriptions of a product type',
      task_validate_subscriptions: 'Validate subscriptions',
    },
  },
  'nl-NL': {
    forms: {
      fields: {
        note: 'Notities',
        note_info: 'Notities, herinneringen en feedback over deze omschrijving.',
        subscription_id: 'Abonnement',
        subscription_id_info: 'Het abonnement voor deze actie',
        product_type: 'Producttype',
      },
    },
    workflow: {
      modify_note: 'Wijzig abonnementsnotitie',
      task_clean_up_tasks: 'Ruim oude taken op',
      task_resume_workflows: "Hervat alle workflows die vastzitten op taken met status 'waiting'",
      task_validate_awaiting_callbacks: 'Laat processen falen waarvan de callback te laat is',
      task_validate_products: 'Valideer producten en abonnementen',
      task_validate_product_type: 'Valideer alle abonnementen van een producttype',
      task_validate_subscriptions: 'Valideer abonnementen',
    },
  },
};

/**
 * The labels for a language: WFO's (orchestrator-core's keys) deep-merged with each layer in turn (the
 * application's own, then a folder's).
 */
export function translationsFor(
  language: string,
  ...layers: ReadonlyArray<Readonly<Record<string, Translations>>>
): Translations {
  let merged = structuredClone(CORE_TRANSLATIONS[language] ?? {});
  for (const layer of layers) merged = deepMerge(merged, layer[language] ?? {});
  return merged;
}

function deepMerge(into: Translations, from: Translations): Translations {
  for (const [key, value] of Object.entries(from)) {
    const current = into[key];
    into[key] =
      typeof current === 'object' && typeof value === 'object' ? deepMerge(current, value) : structuredClone(value);
  }
  return into;
}
