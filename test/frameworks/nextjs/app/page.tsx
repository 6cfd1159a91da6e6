import { Shell } from './shell';

// A server component: the page is rendered on the server first, then hydrated. A real app would
// take the instance id from its own records; the test shell takes it from the query string.
export default async function Page({ searchParams }: { searchParams: Promise<{ idInstance?: string }> }) {
  const { idInstance = '' } = await searchParams;
  return (
    <main>
      <h1>Link your WhatsApp</h1>
      <Shell idInstance={idInstance} />
    </main>
  );
}
