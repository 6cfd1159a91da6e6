// Stands in for the application's records in the README's relay examples: the instances each user
// may link, with their tokens. The test puts one instance of the emulator's in EXAMPLE_INSTANCE.

/**
 * @param {string} user
 * @param {string} idInstance
 * @returns {Promise<{ apiUrl: string, apiTokenInstance: string } | null>}
 */
export async function findInstance(user, idInstance) {
  const instance = JSON.parse(process.env.EXAMPLE_INSTANCE ?? '{}');
  if (user !== 'alice' || instance.idInstance !== idInstance) return null;
  return { apiUrl: instance.apiUrl, apiTokenInstance: instance.apiTokenInstance };
}
