// The pay screen's strings (beyond those in lib/i18n.ts), Swedish and English; merged into
// lib/i18n.ts. Every key needs both.

export const sv = {
  "pay.fixFields": "Rätta de markerade fälten innan betalningen skickas.",
  "pay.problem.missing": "Fyll i fältet.",
  "pay.problem.too_long": "Högst 100 tecken.",
  "pay.problem.control_character":
    "Fältet innehåller ett osynligt tecken eller styrtecken. Skriv om texten.",
  "pay.problem.personnummer_format": "Skriv personnumret som ÅÅÅÅMMDD-NNNN.",
  "pay.problem.personnummer_date": "Födelsedatumet i personnumret finns inte.",
  "pay.problem.personnummer_check_digit":
    "Sista siffran stämmer inte – kontrollera personnumret.",
  "pay.problem.email": "Skriv en e-postadress som namn@example.se.",
  "pay.problem.phone": "Skriv ett telefonnummer som 070-123 45 67.",
  "pay.problem.postal_code": "Ett svenskt postnummer har fem siffror, t.ex. 123 45.",
  "pay.problem.country": "Skriv landet med två bokstäver, t.ex. SE.",
  "pay.problem.invalid": "Kontrollera fältet.",
  "pay.connection.connecting": "Ansluter till Kronor…",
  "pay.timelineZone": "svensk tid",
  "pay.hint.rejected": "Ingenting har debiterats. Varorna ligger kvar – prova igen eller ta betalt på annat sätt.",
  "pay.hint.cancelled": "Ingenting har debiterats. Varorna ligger kvar.",
  "pay.hint.expired": "Kunden hann inte godkänna. Ingenting har debiterats – prova igen.",
  "pay.hint.network_trouble": "Kassan försöker igen med samma betalning, så ingenting dras två gånger.",
  "pay.hint.checking": "Kunden kan ha godkänt: kassan frågar Kronor tills betalningen är klar, och kvittot kommer av sig självt.",
  "pay.retry": "Försök igen",
  "pay.lan.label": "Låt en mobil på samma wifi godkänna (övning)",
  "pay.lan.address": "Godkännandesidan nås på {url}",
  "pay.display.open": "Kundskärm",
} as const;

export const en: Record<keyof typeof sv, string> = {
  "pay.fixFields": "Correct the marked fields before the payment is sent.",
  "pay.problem.missing": "Fill in this field.",
  "pay.problem.too_long": "At most 100 characters.",
  "pay.problem.control_character":
    "The field contains an invisible or control character. Retype the text.",
  "pay.problem.personnummer_format": "Type the personal identity number as YYYYMMDD-NNNN.",
  "pay.problem.personnummer_date": "The birth date in the number does not exist.",
  "pay.problem.personnummer_check_digit": "The last digit does not match – check the number.",
  "pay.problem.email": "Enter an email address like name@example.se.",
  "pay.problem.phone": "Enter a phone number like 070-123 45 67.",
  "pay.problem.postal_code": "A Swedish postal code has five digits, like 123 45.",
  "pay.problem.country": "Enter the country as two letters, e.g. SE.",
  "pay.problem.invalid": "Check this field.",
  "pay.connection.connecting": "Connecting to Kronor…",
  "pay.timelineZone": "Swedish time",
  "pay.hint.rejected": "Nothing was charged. The sale is still here – try again or take another payment.",
  "pay.hint.cancelled": "Nothing was charged. The sale is still here.",
  "pay.hint.expired": "The customer did not approve in time. Nothing was charged – try again.",
  "pay.hint.network_trouble": "Kassa retries the same payment, so nothing is charged twice.",
  "pay.hint.checking": "The customer may have approved: Kassa keeps asking Kronor until the payment is settled, and the receipt follows by itself.",
  "pay.retry": "Try again",
  "pay.lan.label": "Let a phone on this Wi-Fi approve (training)",
  "pay.lan.address": "The approval page is at {url}",
  "pay.display.open": "Customer display",
};
