"""The simulated node's AstDB over AMI, worded as Asterisk 22's main/db.c answers."""

from __future__ import annotations

from callcenter.simulator.runner import Simulator
from tests.simulator.amiclient import RawAMI, header


async def _client(sim: Simulator) -> RawAMI:
    client = await RawAMI.connect(sim.port)
    await client.login(events="off")
    return client


async def test_a_put_value_is_read_back_by_dbget(sim: Simulator) -> None:
    client = await _client(sim)
    put = await client.action("DBPut", ("Family", "cc-vip"), ("Key", "79161110000"), ("Val", "10"))
    assert (header(put, "Response"), header(put, "Message")) == ("Success", "Updated database successfully")
    got = await client.action("DBGet", ("Family", "cc-vip"), ("Key", "79161110000"), action_id="get-1")
    assert header(got, "Message") == "Result will follow"
    entry = await client.wait_for(lambda f: header(f, "Event") == "DBGetResponse")
    assert [header(entry, name) for name in ("Family", "Key", "Val", "ActionID")] == [
        "cc-vip",
        "79161110000",
        "10",
        "get-1",
    ]
    done = await client.wait_for(lambda f: header(f, "Event") == "DBGetComplete")
    assert (header(done, "EventList"), header(done, "ListItems")) == ("Complete", "1")
    await client.close()


async def test_a_missing_key_is_database_entry_not_found(sim: Simulator) -> None:
    client = await _client(sim)
    got = await client.action("DBGet", ("Family", "cc-vip"), ("Key", "nobody"))
    assert (header(got, "Response"), header(got, "Message")) == ("Error", "Database entry not found")
    await client.close()


async def test_the_tree_of_a_family_lists_full_paths_and_only_that_family(sim: Simulator) -> None:
    client = await _client(sim)
    for family, key, value in [("cc-vip", "b", "10"), ("cc-vip", "a", "20:vip"), ("cc-callback", "x", "1")]:
        await client.action("DBPut", ("Family", family), ("Key", key), ("Val", value))
    await client.action("DBGetTree", ("Family", "cc-vip"), action_id="tree")
    done = await client.wait_for(lambda f: header(f, "Event") == "DBGetTreeComplete")
    rows = [
        (header(f, "Key"), header(f, "Val"))
        for f in client.frames
        if header(f, "Event") == "DBGetTreeResponse"
    ]
    assert rows == [("/cc-vip/a", "20:vip"), ("/cc-vip/b", "10")]
    assert header(done, "ListItems") == "2"
    await client.close()


async def test_a_deleted_key_is_gone_and_a_second_delete_is_refused(sim: Simulator) -> None:
    client = await _client(sim)
    await client.action("DBPut", ("Family", "cc-vip"), ("Key", "k"), ("Val", "1"))
    first = await client.action("DBDel", ("Family", "cc-vip"), ("Key", "k"))
    second = await client.action("DBDel", ("Family", "cc-vip"), ("Key", "k"))
    assert [header(first, "Message"), header(second, "Message")] == [
        "Key deleted successfully",
        "Database entry could not be deleted",
    ]
    await client.close()


async def test_deleting_a_family_removes_its_keys_and_an_empty_one_is_not_found(sim: Simulator) -> None:
    client = await _client(sim)
    await client.action("DBPut", ("Family", "cc-vip"), ("Key", "k"), ("Val", "1"))
    await client.action("DBPut", ("Family", "cc-vipx"), ("Key", "k"), ("Val", "1"))
    first = await client.action("DBDelTree", ("Family", "cc-vip"))
    second = await client.action("DBDelTree", ("Family", "cc-vip"))
    assert [header(first, "Message"), header(second, "Message")] == [
        "Key tree deleted successfully",
        "Database entry not found",
    ]
    assert sim.server.astdb.family("cc-vipx") == {"k": "1"}
    await client.close()


async def test_the_database_outlives_the_session(sim: Simulator) -> None:
    client = await _client(sim)
    await client.action("DBPut", ("Family", "cc-vip"), ("Key", "k"), ("Val", "7"))
    await client.close()
    again = await _client(sim)
    await again.action("DBGet", ("Family", "cc-vip"), ("Key", "k"))
    entry = await again.wait_for(lambda f: header(f, "Event") == "DBGetResponse")
    assert header(entry, "Val") == "7"
    await again.close()


async def test_a_put_without_a_key_is_refused(sim: Simulator) -> None:
    client = await _client(sim)
    put = await client.action("DBPut", ("Family", "cc-vip"), ("Val", "7"))
    assert (header(put, "Response"), header(put, "Message")) == ("Error", "No key specified")
    assert sim.server.astdb.entries == {}
    await client.close()
