"""Seed the replacement ("recall") letter of each seeded cover letter.

A letter whose replacement text is already filled in keeps it; the texts are a
starting point that coordinators edit under "Cover letters".
"""

from django.db import migrations

LETTERS = {
    "lv": (
        "Lūdzam nomainīt mūsu plakātu",
        """Labdien!

Paldies, ka {venue} atbalsta mūsu kampaņu. Informācija uz plakāta, kas pie jums izvietots, ir novecojusi. Lūdzam noņemt:

{replaces}

un tā vietā izvietot jauno, kas pievienots šim sūtījumam:

{materials}

Kad tas izdarīts, lūdzu, apstipriniet to: noskenējiet QR kodu šīs vēstules apakšā vai atveriet saiti {link} un atbildiet uz abiem jautājumiem (vecais noņemts? jaunais izvietots?). Ja jums tā ērtāk, piezvaniet mums un nosauciet kodu {code}.

Ja jums ir jautājumi, rakstiet mums: {contact}.

Ar cieņu
{organisation}""",
    ),
    "en": (
        "Please replace our poster",
        """Hello,

Thank you for supporting our campaign. The information on the poster at {venue} is out of date. Please take down:

{replaces}

and put up the new one enclosed in this package instead:

{materials}

When that is done, please let us know: scan the QR code at the foot of this letter or open {link} and answer both questions (old one taken down? new one up?). If you prefer, call us and tell us the code {code}.

If you have any questions, write to us at {contact}.

Kind regards,
{organisation}""",
    ),
    "ru": (
        "Просим заменить наш плакат",
        """Здравствуйте!

Благодарим вас за поддержку нашей кампании. Информация на плакате, размещённом в учреждении «{venue}», устарела. Просим снять:

{replaces}

и вместо него разместить новый, приложенный к этому отправлению:

{materials}

Когда это будет сделано, пожалуйста, сообщите нам: отсканируйте QR-код внизу письма или откройте ссылку {link} и ответьте на оба вопроса (старый снят? новый размещён?). Если вам так удобнее, позвоните нам и назовите код {code}.

Если у вас есть вопросы, напишите нам: {contact}.

С уважением,
{organisation}""",
    ),
}


def seed(apps, schema_editor):
    LetterTemplate = apps.get_model("distribution", "LetterTemplate")
    for language, (title, body) in LETTERS.items():
        LetterTemplate.objects.filter(language=language, recall_body="").update(
            recall_title=title, recall_body=body
        )


class Migration(migrations.Migration):
    dependencies = [("distribution", "0007_recall")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
