"""Every existing account's sign-in address is its verified, primary address (it came by invitation).

From now on allauth lets an address become the sign-in address only once it is verified; an account
with no verified address at all would otherwise still be allowed to make any address primary.
"""

from django.db import migrations


def verify_current_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    for user in User.objects.exclude(email="").iterator():
        EmailAddress.objects.filter(user=user, primary=True).exclude(email__iexact=user.email).update(primary=False)
        current = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if current is None:
            EmailAddress.objects.create(user=user, email=user.email.lower(), verified=True, primary=True)
        else:
            EmailAddress.objects.filter(pk=current.pk).update(verified=True, primary=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_session_generation"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(verify_current_addresses, migrations.RunPython.noop)]
