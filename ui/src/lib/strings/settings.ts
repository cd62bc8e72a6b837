// The settings screen's strings (beyond those in lib/i18n.ts), Swedish and English; merged into
// lib/i18n.ts. Every key needs both.

export const sv = {
  "settings.shop": "Butiken (skrivs på kvittot)",
  "settings.shopName": "Butikens namn",
  "settings.orgNumber": "Organisationsnummer",
  "settings.address": "Försäljningsställets adress",
  "settings.registerId": "Kassans id",
  "settings.registerIdHint": "Ett nytt id gäller från nästa köp; det får en egen kvittoserie.",
  "settings.afterSale": "Efter ett köp",
  "settings.afterSale.print": "Skriv ut kvittot",
  "settings.afterSale.pdf": "Spara kvittot som PDF",
  "settings.afterSale.none": "Ingenting",
  "settings.receiptQr": "QR-kod med Kronors köp-id på kvittot",
  "settings.defaultTender": "Betalsätt när F12 trycks",
  "settings.defaultTender.swish": "Swish (kunden skannar, inget att skriva)",
  "settings.defaultTender.invoice": "Faktura (kundens uppgifter skrivs in)",
  "settings.printer": "Kvittoskrivare",
  "settings.printer.none": "Ingen skrivare",
  "settings.printer.network": "Nätverksskrivare (ESC/POS)",
  "settings.printer.cups": "Kvittoskrivare i CUPS (ESC/POS)",
  "settings.printer.cupsPdf": "Vanlig skrivare i CUPS (PDF)",
  "settings.printerAddress": "Skrivarens adress (värd:port)",
  "settings.printerQueue": "CUPS-kö",
  "settings.cupsServer": "CUPS-server (tomt: den här datorn)",
  "settings.paper": "Pappersbredd",
  "settings.testPage": "Skriv ut testsida",
  "settings.testPagePrinted": "Testsidan skickades till skrivaren.",
  "settings.controlUnit": "Kontrollenhet",
  "settings.controlUnitAddress": "Kontrollenhetens adress",
  "settings.controlUnitHint":
    "CleanCash-server: http://användare@värd:port/sökväg. Seriell: serial:///dev/ttyUSB0?baud=9600. Tomt i övningsläge: den inbyggda övningskontrollenheten.",
  "settings.controlUnitPassword": "Kontrollenhetens lösenord (sparas i nyckelringen)",
  "settings.controlUnitSavePassword": "Spara lösenordet",
  "settings.controlUnitTest": "Testa kontrollenheten",
  "settings.register": "Kassaregistret",
  "settings.registerMaker": "Tillverkare",
  "settings.registerModel": "Modellbeteckning",
  "settings.registerVersion": "Programversion",
  "settings.registerNumber": "Tillverkningsnummer",
  "settings.registerDesignationShort": "Kassabeteckning",
  "settings.registerHint":
    "Uppgifterna att anmäla kassaregistret med hos Skatteverket. Tillverkningsnumret gjordes när kassans fil skapades och ändras aldrig.",
  "settings.registerDesignation":
    "Kassabeteckning i kontrollenheten och hos Skatteverket: {designation} (kassans id utan bindestreck).",
  "settings.controlUnitOk": "Kontrollenheten svarar och kan signera kvitton: {id} ({type}, firmware {firmware}).",
  "settings.controlUnitSimulator": "Övningsläge: den inbyggda övningskontrollenheten används.",
  "settings.controlUnitPasswordSaved": "Ett lösenord är sparat i nyckelringen.",
  "settings.problem.unit_address":
    "Ingen giltig adress: skriv http://användare@värd:port/sökväg eller serial:///dev/ttyUSB0?baud=9600.",
  "settings.problem.password_in_address":
    "Skriv lösenordet i lösenordsfältet nedan (det sparas i nyckelringen), inte i adressen.",
  "settings.problem.designation":
    "Med kontrollenhet får kassans id ha högst 16 bokstäver A–Z och siffror (bindestreck räknas inte).",
  "settings.save": "Spara inställningar",
  "settings.saved": "Inställningarna är sparade.",
  "settings.fixFields": "Rätta de markerade fälten; ingenting sparades.",
  "settings.credentials": "Kronor",
  "settings.problem.missing": "Fyll i fältet (högst 100 tecken).",
  "settings.problem.too_long": "Fältet är för långt.",
  "settings.problem.control_character":
    "Fältet innehåller ett osynligt tecken eller styrtecken. Skriv om texten.",
  "settings.problem.org_number":
    "Inget giltigt organisationsnummer: skriv tio siffror som 556677-8899 (sista siffran är en kontrollsiffra).",
  "settings.problem.characters":
    "Använd bara bokstäver A–Z, siffror, - och _ (högst 20 tecken).",
  "settings.problem.address": "Skriv adressen som 192.168.1.50 eller 192.168.1.50:9100.",
  "settings.problem.storage": "Kunde inte sparas.",
  "error.print_failed": "Utskriften misslyckades.",
  "error.day_already_closed":
    "Dagen är redan stängd med en Z-rapport. En dag stängs bara en gång – ta en X-rapport i stället.",
  "error.shop_details_missing":
    "Fyll i butikens namn, organisationsnummer och adress under Inställningar innan riktiga betalningar tas emot.",
  "error.control_unit":
    "Kontrollenheten kan inte signera kvitton just nu, så ingen försäljning registreras. Ingenting har debiterats – kontrollera kontrollenheten och försök igen.",
} as const;

export const en: Record<keyof typeof sv, string> = {
  "settings.shop": "The shop (printed on receipts)",
  "settings.shopName": "Shop name",
  "settings.orgNumber": "Organisation number",
  "settings.address": "Address of the place of sale",
  "settings.registerId": "Register id",
  "settings.registerIdHint": "A new id applies from the next sale; it gets its own receipt series.",
  "settings.afterSale": "After a sale",
  "settings.afterSale.print": "Print the receipt",
  "settings.afterSale.pdf": "Save the receipt as PDF",
  "settings.afterSale.none": "Nothing",
  "settings.receiptQr": "QR code of the Kronor purchase id on the receipt",
  "settings.defaultTender": "Payment method when F12 is pressed",
  "settings.defaultTender.swish": "Swish (the customer scans, nothing to type)",
  "settings.defaultTender.invoice": "Invoice (the customer's details are typed in)",
  "settings.printer": "Receipt printer",
  "settings.printer.none": "No printer",
  "settings.printer.network": "Network printer (ESC/POS)",
  "settings.printer.cups": "Receipt printer in CUPS (ESC/POS)",
  "settings.printer.cupsPdf": "Ordinary printer in CUPS (PDF)",
  "settings.printerAddress": "Printer address (host:port)",
  "settings.printerQueue": "CUPS queue",
  "settings.cupsServer": "CUPS server (empty: this computer)",
  "settings.paper": "Paper width",
  "settings.testPage": "Print test page",
  "settings.testPagePrinted": "The test page was sent to the printer.",
  "settings.controlUnit": "Control unit",
  "settings.controlUnitAddress": "The control unit's address",
  "settings.controlUnitHint":
    "CleanCash server: http://user@host:port/path. Serial: serial:///dev/ttyUSB0?baud=9600. Empty in training mode: the built-in training control unit.",
  "settings.controlUnitPassword": "The control unit's password (kept in the keyring)",
  "settings.controlUnitSavePassword": "Save the password",
  "settings.controlUnitTest": "Test the control unit",
  "settings.register": "The register",
  "settings.registerMaker": "Maker",
  "settings.registerModel": "Model designation",
  "settings.registerVersion": "Program version",
  "settings.registerNumber": "Manufacturing number",
  "settings.registerDesignationShort": "Register designation",
  "settings.registerHint":
    "What to notify Skatteverket of when registering the till. The manufacturing number was made with the till's file and never changes.",
  "settings.registerDesignation":
    "Register designation in the control unit and at Skatteverket: {designation} (the register id without dashes).",
  "settings.controlUnitOk": "The control unit answers and can sign receipts: {id} ({type}, firmware {firmware}).",
  "settings.controlUnitSimulator": "Training mode: the built-in training control unit is used.",
  "settings.controlUnitPasswordSaved": "A password is saved in the keyring.",
  "settings.problem.unit_address":
    "Not a valid address: write http://user@host:port/path or serial:///dev/ttyUSB0?baud=9600.",
  "settings.problem.password_in_address":
    "Type the password in the password field below (it is kept in the keyring), not in the address.",
  "settings.problem.designation":
    "With a control unit the register id may have at most 16 letters A–Z and digits (dashes do not count).",
  "settings.save": "Save settings",
  "settings.saved": "The settings are saved.",
  "settings.fixFields": "Fix the marked fields; nothing was saved.",
  "settings.credentials": "Kronor",
  "settings.problem.missing": "Fill in the field (at most 100 characters).",
  "settings.problem.too_long": "The field is too long.",
  "settings.problem.control_character":
    "The field contains an invisible or control character. Retype the text.",
  "settings.problem.org_number":
    "Not a valid organisation number: type ten digits like 556677-8899 (the last is a check digit).",
  "settings.problem.characters": "Use only letters A–Z, digits, - and _ (at most 20 characters).",
  "settings.problem.address": "Write the address like 192.168.1.50 or 192.168.1.50:9100.",
  "settings.problem.storage": "Could not be saved.",
  "error.print_failed": "Printing failed.",
  "error.day_already_closed":
    "The day is already closed by a Z report. A day is closed only once – make an X report instead.",
  "error.shop_details_missing":
    "Fill in the shop's name, organisation number and address in Settings before taking real payments.",
  "error.control_unit":
    "The control unit cannot sign receipts right now, so no sale is registered. Nothing was charged – check the control unit and try again.",
};
