"""Create the provider's people and the service's client registration."""

import json
import sys

import django


def main() -> None:
    django.setup()
    from django.contrib.auth.models import Group, User
    from oauth2_provider.models import Application

    spec = json.loads(sys.argv[1])
    for person in spec["people"]:
        user = User.objects.create_user(
            username=person["username"], email=person["email"], password=spec["password"]
        )
        for name in person["groups"]:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    Application.objects.create(
        name="Early Help",
        client_id=spec["client_id"],
        client_secret=spec["client_secret"],
        hash_client_secret=False,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(spec["redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


if __name__ == "__main__":
    main()
