"""Which directories a principal may nominate into: the one answer the nomination page, the API and the imports read."""

from access.principal import PUBLIC, Principal
from directory.services import nominable_directory_ids

OAS, UN, CICTE = 1, 2, 3
MEXICO, KENYA = 10, 20

MANAGER = Principal(user_id=1, managed_directory_ids=frozenset({OAS}), managed_state_ids=frozenset({MEXICO, KENYA}))
# Mexico takes part in the OAS and UN directories.
COORDINATOR = Principal(
    user_id=2,
    coordinated_state_ids=frozenset({MEXICO}),
    member_state_ids=frozenset({MEXICO}),
    participating_directory_ids=frozenset({OAS, UN}),
)
POINT_OF_CONTACT = Principal(
    user_id=3, contact_id=7, member_state_ids=frozenset({KENYA}), participating_directory_ids=frozenset({UN})
)
MANAGER_AND_COORDINATOR = Principal(
    user_id=4,
    managed_directory_ids=frozenset({CICTE}),
    coordinated_state_ids=frozenset({MEXICO}),
    member_state_ids=frozenset({MEXICO}),
    participating_directory_ids=frozenset({OAS, UN}),
)


def test_a_manager_nominates_any_states_contacts_into_the_directories_it_manages():
    assert nominable_directory_ids(MANAGER, MEXICO) == {OAS}
    assert nominable_directory_ids(MANAGER, KENYA) == {OAS}
    assert nominable_directory_ids(MANAGER) == {OAS}


def test_a_coordinator_nominates_its_own_states_contacts_into_the_directories_its_states_take_part_in():
    assert nominable_directory_ids(COORDINATOR, MEXICO) == {OAS, UN}


def test_a_coordinator_nominates_no_other_states_contacts():
    assert nominable_directory_ids(COORDINATOR, KENYA) == frozenset()


def test_for_any_state_a_coordinator_may_nominate_into_the_directories_its_states_take_part_in():
    assert nominable_directory_ids(COORDINATOR) == {OAS, UN}


def test_a_point_of_contact_nominates_into_no_directory():
    assert nominable_directory_ids(POINT_OF_CONTACT, KENYA) == frozenset()
    assert nominable_directory_ids(POINT_OF_CONTACT) == frozenset()


def test_a_manager_who_also_coordinates_has_both_rights():
    assert nominable_directory_ids(MANAGER_AND_COORDINATOR, MEXICO) == {CICTE, OAS, UN}
    assert nominable_directory_ids(MANAGER_AND_COORDINATOR, KENYA) == {CICTE}
    assert nominable_directory_ids(MANAGER_AND_COORDINATOR) == {CICTE, OAS, UN}


def test_someone_signed_out_nominates_into_no_directory():
    assert nominable_directory_ids(PUBLIC, MEXICO) == frozenset()
    assert nominable_directory_ids(PUBLIC) == frozenset()
