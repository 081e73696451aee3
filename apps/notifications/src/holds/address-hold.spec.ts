import { holdId, maskAddress, maskAddresses } from './address-hold.repository';

describe('address holds', () => {
  it('masks an address so that a coordinator recognises it but cannot harvest it', () => {
    expect(maskAddress('liisa.lahde@pudasjarvi.example.fi')).toBe('l***@pudasjarvi.example.fi');
    expect(maskAddress('not-an-address')).toBe('***');
  });

  it('masks every address an SMTP reply quotes', () => {
    expect(maskAddresses('550 5.1.1 <liisa.lahde@pudasjarvi.example.fi>: Recipient address rejected; also olli@tornio.fi')).toBe(
      '550 5.1.1 <l***@pudasjarvi.example.fi>: Recipient address rejected; also o***@tornio.fi',
    );
    expect(maskAddresses('421 4.4.2 timeout')).toBe('421 4.4.2 timeout');
  });

  it('keys a hold by the address, whatever its case or surrounding spaces', () => {
    expect(holdId(' Liisa@Example.fi ')).toBe(holdId('liisa@example.fi'));
    expect(holdId('liisa@example.fi')).not.toBe(holdId('olli@example.fi'));
  });
});
