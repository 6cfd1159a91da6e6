import { expect } from '@open-wc/testing';
import { fill, loadStrings, resolveStrings, stringsReady } from '../../src/element/strings.js';

describe('strings', () => {
  it('has English at once, and Russian once its chunk is loaded (English meanwhile)', async () => {
    expect(stringsReady('en-GB')).to.equal(true);
    expect(stringsReady('xx'), 'an unknown language is English, at once').to.equal(true);
    expect(stringsReady('ru-RU'), 'before loading').to.equal(false);
    expect(resolveStrings('ru').reload, 'before loading').to.equal('Reload QR code');
    const loading = loadStrings('ru');
    expect(loadStrings('ru-RU'), 'one load for every ru tag').to.equal(loading);
    expect((await loading).reload).to.equal('Обновить QR-код');
    expect(stringsReady('ru')).to.equal(true);
  });

  it('picks Russian for ru and regional ru tags, English otherwise', async () => {
    await loadStrings('ru');
    expect(resolveStrings('ru').reload).to.equal('Обновить QR-код');
    expect(resolveStrings('ru-RU').reload).to.equal('Обновить QR-код');
    expect(resolveStrings('en-GB').reload).to.equal('Reload QR code');
    expect(resolveStrings('xx').reload).to.equal('Reload QR code');
    expect(resolveStrings(undefined).reload).to.equal('Reload QR code');
  });

  it('applies overrides over the language, including single error texts', async () => {
    await loadStrings('ru');
    const text = resolveStrings('ru', { reload: 'Ещё раз', errors: { network: 'Нет сети' } });
    expect(text.reload).to.equal('Ещё раз');
    expect(text.errors.network).to.equal('Нет сети');
    expect(text.errors.quota).to.equal(resolveStrings('ru').errors.quota);
  });

  it('has every text in both languages', async () => {
    const en = resolveStrings('en');
    const ru = await loadStrings('ru');
    expect(Object.keys(ru)).to.deep.equal(Object.keys(en));
    expect(Object.keys(ru.errors)).to.deep.equal(Object.keys(en.errors));
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      if (key !== 'errors') expect(ru[key], key).not.to.equal(en[key]);
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fill('in {seconds} s {oops}', { seconds: 3 })).to.equal('in 3 s {oops}');
  });
});
