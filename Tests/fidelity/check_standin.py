#!/usr/bin/env python3
"""Proves the OpenAI stand-in speaks the protocol the official `openai` SDK expects.

Usage: python3 Tests/fidelity/check_standin.py [path/to/openai-stand-in]
Needs `pip install openai`. Every streamed event is re-validated against the SDK's typed models,
because the SDK builds them without validation and would silently accept wrong fields.
"""
import subprocess
import sys
import traceback

import openai
import pydantic
from openai.types.responses import ResponseStreamEvent, Response
from openai.types import Model
from openai.types.conversations import Conversation, ConversationDeletedResource

MODEL = "gpt-4.1-mini"
EVENT_ADAPTER = pydantic.TypeAdapter(ResponseStreamEvent)
results = {"passed": 0, "failed": 0}


def check(name, fn):
    try:
        fn()
        results["passed"] += 1
        print(f"ok   {name}")
    except Exception:  # noqa: BLE001 - every failure is reported and counted
        results["failed"] += 1
        print(f"FAIL {name}")
        traceback.print_exc(file=sys.stdout)


def strict(model_cls, obj):
    """Re-validates an SDK object against its own type, forbidding nothing but requiring everything."""
    data = obj.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return pydantic.TypeAdapter(model_cls).validate_python(data)


def validated_events(stream):
    """Collects events, each validated and checked to be the specific class for its `type`."""
    events = []
    for event in stream:
        data = event.model_dump(mode="json", by_alias=True, exclude_unset=True)
        typed = EVENT_ADAPTER.validate_python(data)
        assert typed.type == event.type, (typed.type, event.type)
        assert type(typed).__name__ != "BaseModel" and typed.__class__ is event.__class__, (type(typed), type(event))
        if events:
            assert event.sequence_number > events[-1].sequence_number, "sequence numbers must increase"
        events.append(event)
    return events


def types(events):
    return [e.type for e in events]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/openai-stand-in"
    child = subprocess.Popen([binary], stdout=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline().strip()
        assert line.startswith("listening on "), line
        base_url = line.removeprefix("listening on ")
        client = openai.OpenAI(base_url=base_url, api_key="test", max_retries=0, timeout=20)
        run_checks(client)
    finally:
        child.terminate()
        try:
            child.wait(timeout=5)
        except subprocess.TimeoutExpired:
            child.kill()
    print(f"{results['passed']} passed, {results['failed']} failed")
    sys.exit(1 if results["failed"] else 0)


def run_checks(client):
    state = {}

    def conversation_lifecycle():
        conv = client.conversations.create()
        strict(Conversation, conv)
        assert conv.id.startswith("conv_") and conv.object == "conversation"
        assert client.conversations.retrieve(conv.id).id == conv.id
        deleted = client.conversations.delete(conv.id)
        strict(ConversationDeletedResource, deleted)
        assert deleted.deleted and deleted.id == conv.id

    def text_stream():
        conv = client.conversations.create()
        state["conv"] = conv.id
        events = validated_events(client.responses.create(
            model=MODEL, conversation=conv.id, input=[{"role": "user", "content": "Hello, how are you?"}],
            instructions="Be brief.", stream=True))
        assert types(events) == [
            "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
            *["response.output_text.delta"] * (len(events) - 8),
            "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed",
        ], types(events)
        assert len(events) - 8 > 3, "text should arrive as several deltas"
        text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
        assert text == "You said: Hello, how are you?", text
        final = events[-1].response
        strict(Response, final)
        assert final.status == "completed" and final.output_text == text and final.usage.total_tokens > 0

    def function_call_stream():
        tools = [{"type": "function", "name": "avr_transfer", "description": "Transfer the call.",
                  "parameters": {"type": "object", "properties": {"transfer_extension": {"type": "string"}}}}]
        events = validated_events(client.responses.create(
            model=MODEL, conversation=state["conv"], tools=tools, stream=True,
            input=[{"role": "user", "content": 'One moment.\n#call avr_transfer {"transfer_extension":"600"}\n#call avr_hangup {}'}]))
        arg_deltas = [e for e in events if e.type == "response.function_call_arguments.delta"]
        calls = [e.item for e in events if e.type == "response.output_item.done" and e.item.type == "function_call"]
        assert [c.name for c in calls] == ["avr_transfer", "avr_hangup"], calls
        assert calls[0].arguments == '{"transfer_extension":"600"}' and calls[0].call_id.startswith("call_")
        assert len([d for d in arg_deltas if d.item_id == calls[0].id]) > 1, "arguments split over several deltas"
        done = [e for e in events if e.type == "response.function_call_arguments.done"]
        assert len(done) == 2 and done[0].arguments == calls[0].arguments
        assert events[2].item.type == "message", "text before the calls"
        assert events[-1].type == "response.completed"
        state["calls"] = calls

    def missing_tool_output_rejected():
        try:
            client.responses.create(model=MODEL, conversation=state["conv"], input="hello?")
        except openai.BadRequestError as error:
            assert "No tool output found" in error.message, error.message
        else:
            raise AssertionError("expected BadRequestError")

    def tool_output_follow_up():
        outputs = [{"type": "function_call_output", "call_id": c.call_id, "output": f"ok {c.name}"} for c in state["calls"]]
        events = validated_events(client.responses.create(
            model=MODEL, conversation=state["conv"], input=outputs, stream=True))
        assert events[-1].type == "response.completed"
        assert events[-1].response.output_text == "Done: ok avr_transfer; ok avr_hangup", events[-1].response.output_text

    def conversation_items_stored():
        items = client.conversations.items.list(state["conv"]).data
        kinds = [i.type for i in items]
        assert kinds.count("function_call") == 2 and kinds.count("function_call_output") == 2, kinds
        assert kinds.count("message") == 5, kinds

    def error_event():
        events = validated_events(client.responses.create(model=MODEL, input="#error", stream=True))
        assert events[-1].type == "error" and events[-1].code == "server_error"

    def failed_event():
        events = validated_events(client.responses.create(model=MODEL, input="#fail", stream=True))
        assert events[-1].type == "response.failed"
        strict(Response, events[-1].response)
        assert events[-1].response.error.code == "server_error"

    def incomplete_event():
        events = validated_events(client.responses.create(model=MODEL, input="#incomplete", stream=True))
        assert events[-1].type == "response.incomplete"
        assert events[-1].response.incomplete_details.reason == "max_output_tokens"

    def dropped_connection():
        seen = []
        try:
            for event in client.responses.create(model=MODEL, input="#drop", stream=True):
                seen.append(event.type)
        except Exception as error:  # noqa: BLE001 - the transport's own error type varies by SDK version
            assert "RemoteProtocolError" in type(error).__name__ or isinstance(error, openai.APIConnectionError), repr(error)
            assert "response.output_text.delta" in seen, seen
            assert "response.completed" not in seen
        else:
            raise AssertionError(f"stream ended cleanly: {seen}")

    def http_error():
        try:
            client.responses.create(model=MODEL, input="#http 429", stream=True)
        except openai.RateLimitError as error:
            assert error.status_code == 429 and error.response.headers.get("retry-after") == "0"
            assert error.response.headers["x-request-id"].startswith("req_")
        else:
            raise AssertionError("expected RateLimitError")

    def non_stream():
        response = client.responses.create(model=MODEL, input="plain please")
        strict(Response, response)
        assert response.output_text == "You said: plain please"

    def store_false_history():
        response = client.responses.create(model=MODEL, store=False, input=[
            {"role": "user", "content": "transfer me"},
            {"type": "function_call", "call_id": "call_x", "name": "avr_transfer", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "call_x", "output": "transferred"},
        ])
        assert response.output_text == "Done: transferred", response.output_text

    def models_retrieve():
        model = client.models.retrieve(MODEL)
        strict(Model, model)
        assert model.id == MODEL and model.shutdown_date

    def not_found_errors():
        for call in (lambda: client.models.retrieve("gpt-nope"),
                     lambda: client.conversations.retrieve("conv_missing"),
                     lambda: client.responses.create(model=MODEL, conversation="conv_missing", input="hi")):
            try:
                call()
            except openai.NotFoundError as error:
                assert error.body["message"] and "type" in error.body, error.body
            else:
                raise AssertionError("expected NotFoundError")

    def malformed_json():
        try:
            client.post("/responses", cast_to=object, content=b"{not json",
                        options={"headers": {"Content-Type": "application/json"}})
        except openai.BadRequestError as error:
            assert "JSON" in error.message
        else:
            raise AssertionError("expected BadRequestError")

    def unknown_call_output():
        try:
            client.responses.create(model=MODEL, input=[{"type": "function_call_output", "call_id": "call_zz", "output": "x"}])
        except openai.BadRequestError as error:
            assert "call_zz" in error.message
        else:
            raise AssertionError("expected BadRequestError")

    for fn in (conversation_lifecycle, text_stream, function_call_stream, missing_tool_output_rejected,
               tool_output_follow_up, conversation_items_stored, error_event, failed_event, incomplete_event,
               dropped_connection, http_error, non_stream, store_false_history, models_retrieve,
               not_found_errors, malformed_json, unknown_call_output):
        check(fn.__name__, fn)


if __name__ == "__main__":
    main()
