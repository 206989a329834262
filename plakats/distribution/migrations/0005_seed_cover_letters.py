"""Seed the default cover letters of the print pack in Latvian, English and Russian.

A language that already has a letter keeps it; the texts are a starting point
that coordinators edit under "Cover letters".
"""

from django.db import migrations

LETTERS = {
    "lv": (
        "Kampaņas materiāli jūsu iestādei",
        """Labdien!

Paldies, ka {venue} atbalsta mūsu kampaņu. Šajā sūtījumā pievienojam šādus materiālus:

{materials}

Lūdzam izvietot plakātu labi redzamā vietā, kur to pamanīs jaunieši un apmeklētāji, piemēram, pie ieejas, gaitenī vai uz ziņojumu dēļa.

Kad plakāts ir izvietots, lūdzu, apstipriniet to: noskenējiet QR kodu šīs vēstules apakšā vai atveriet saiti {link}. Ja jums tā ērtāk, piezvaniet uz plakātā norādīto uzticības tālruni un nosauciet operatoram kodu {code}.

Jūsu apstiprinājums mums palīdz uzzināt, kur informācija patiešām sasniedz cilvēkus. Ja jums ir jautājumi, rakstiet mums: {contact}.

Ar cieņu
{organisation}""",
    ),
    "en": (
        "Campaign materials for your venue",
        """Hello,

Thank you for supporting our campaign. This package for {venue} contains the following materials:

{materials}

Please put the poster up in a visible place where young people and visitors will notice it, for example at the entrance, in a corridor or on a notice board.

Once the poster is up, please let us know: scan the QR code at the foot of this letter or open {link}. If you prefer, call the hotline number shown on the poster and tell the operator the code {code}.

Your confirmation tells us where the information really reaches people. If you have any questions, write to us at {contact}.

Kind regards,
{organisation}""",
    ),
    "ru": (
        "Материалы кампании для вашего учреждения",
        """Здравствуйте!

Благодарим вас за поддержку нашей кампании. В этом отправлении для учреждения «{venue}» вы найдёте следующие материалы:

{materials}

Просим разместить плакат на видном месте, где его заметят молодые люди и посетители, например у входа, в коридоре или на доске объявлений.

Когда плакат будет размещён, пожалуйста, подтвердите это: отсканируйте QR-код внизу письма или откройте ссылку {link}. Если вам так удобнее, позвоните по номеру телефона доверия, указанному на плакате, и назовите оператору код {code}.

Ваше подтверждение помогает нам узнать, где информация действительно доходит до людей. Если у вас есть вопросы, напишите нам: {contact}.

С уважением,
{organisation}""",
    ),
}


def seed(apps, schema_editor):
    LetterTemplate = apps.get_model("distribution", "LetterTemplate")
    for language, (title, body) in LETTERS.items():
        LetterTemplate.objects.get_or_create(
            language=language, defaults={"title": title, "body": body}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("distribution", "0004_confirmation_submitted_at"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
