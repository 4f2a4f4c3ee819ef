//! A client's text frame, parsed into a `ClientMessage` or refused with a typed error whose
//! message names the position and the expected shape, never the client's own text.

use hotseat_protocol::strict::tag_names;
use hotseat_protocol::{ClientMessage, Command, ErrorCode, ServerMessage};
use serde_json::Value;

use crate::misfit::{self, Located, Misfit};

/// Why a frame was refused: the code and the sentence sent back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: ErrorCode,
    pub message: String,
}

impl Refusal {
    /// The `error` reply (no `req`: a message that did not parse has none to echo).
    pub fn reply(self) -> ServerMessage {
        ServerMessage::Error {
            req: None,
            code: self.code,
            message: self.message,
        }
    }
}

/// Parses one text frame. Valid input takes serde_json's direct path; only a refusal
/// looks again, to say what is wrong.
pub fn client_message(text: &str) -> Result<ClientMessage, Refusal> {
    let error = match serde_json::from_str::<ClientMessage>(text) {
        Ok(message) => return Ok(message),
        Err(error) => error,
    };
    let code = parse_error_code(text, &error);
    let detail = match code {
        ErrorCode::MalformedJson => None,
        _ => serde_json::from_str::<Value>(text)
            .ok()
            .and_then(|value| describe(&value)),
    };
    let message = match detail {
        Some(detail) => format!("{} ({detail})", code.default_message()),
        None => code.default_message().to_owned(),
    };
    Err(Refusal { code, message })
}

/// What is wrong with a JSON value that is not a `ClientMessage`, without its text; `None`
/// when it fits after all (serde_json refuses a duplicate key that a `Value` drops).
fn describe(value: &Value) -> Option<String> {
    if !value.is_object() {
        return Some("a message is a JSON object with a `type`".to_owned());
    }
    let located = misfit::locate::<ClientMessage>(value)?;
    if located.field == Some("command") && value["type"] == "act" {
        let command = &value["command"];
        if !command.is_object() {
            return Some("command: a command is a JSON object with a `type`".to_owned());
        }
        if let Some(located) = misfit::locate::<Command>(command) {
            return Some(at("command", located));
        }
    }
    Some(at("message", located))
}

/// "unknown field in command", "command.text: expected a string", ...
fn at(position: &str, located: Located) -> String {
    let place = match located.field {
        Some(field) if position == "message" => field.to_owned(),
        Some(field) => format!("{position}.{field}"),
        None => position.to_owned(),
    };
    match located.misfit {
        Misfit::UnknownField { .. } => match located.field {
            Some(_) => format!("unknown field in {place}"),
            None if position == "message" => "unknown field in the message".to_owned(),
            None => format!("unknown field in {place}"),
        },
        Misfit::UnknownVariant { known } if located.field.is_none() => {
            format!(
                "unknown {position} type; expected one of: {}",
                known.join(", ")
            )
        }
        misfit => format!("{place}: {misfit}"),
    }
}

/// Which error a message that did not parse earns: not JSON, an unknown `type`, or a known
/// type with missing, unknown or wrong fields.
fn parse_error_code(text: &str, error: &serde_json::Error) -> ErrorCode {
    use serde_json::error::Category;
    if !matches!(error.classify(), Category::Data) {
        return ErrorCode::MalformedJson;
    }
    // serde stops at the first problem, which may come before the JSON itself breaks
    // (`[1, 2` is a type error at `1`): text that is not JSON at all is malformed.
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return ErrorCode::MalformedJson;
    };
    match value.get("type").and_then(|t| t.as_str()) {
        Some(kind) if !tag_names::<ClientMessage>().contains(&kind) => {
            ErrorCode::UnknownMessageType
        }
        _ => ErrorCode::InvalidMessage,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &str) -> Refusal {
        client_message(text).expect_err("does not parse")
    }

    fn code_for(text: &str) -> ErrorCode {
        refusal(text).code
    }

    #[test]
    fn parse_errors_get_the_right_code() {
        assert_eq!(code_for("{not json"), ErrorCode::MalformedJson);
        assert_eq!(code_for(""), ErrorCode::MalformedJson);
        assert_eq!(
            code_for(r#"{"type":"dance"}"#),
            ErrorCode::UnknownMessageType
        );
        assert_eq!(code_for(r#"{"type":"hello"}"#), ErrorCode::InvalidMessage);
        assert_eq!(
            code_for(r#"{"type":"act","command":{"type":"ask"}}"#),
            ErrorCode::InvalidMessage
        );
        assert_eq!(
            code_for(r#"{"type":"check_question","text":"Why?","x":1}"#),
            ErrorCode::InvalidMessage
        );
        assert_eq!(
            code_for(r#"{"type":"act","command":{"type":"ask","text":"Why?","x":1}}"#),
            ErrorCode::InvalidMessage
        );
        assert_eq!(
            code_for(r#"{"type":"hello","protocol":"one","name":"Ana"}"#),
            ErrorCode::InvalidMessage
        );
        assert_eq!(code_for(r#"[1,2]"#), ErrorCode::InvalidMessage);
        assert_eq!(code_for(r#"[1, 2"#), ErrorCode::MalformedJson);
        assert_eq!(
            code_for(r#"{"type":"act","command":{"type":"dance"}"#),
            ErrorCode::MalformedJson
        );
        assert_eq!(
            code_for(r#"{"type":"sync","x":1}"#),
            ErrorCode::InvalidMessage
        );
        assert_eq!(
            code_for(r#"{"type":"act","command":{"type":"start","x":1}}"#),
            ErrorCode::InvalidMessage
        );
    }

    #[test]
    fn every_client_type_is_known() {
        let samples = [
            r#"{"type":"hello","protocol":1,"name":"Ana"}"#,
            r#"{"type":"act","command":{"type":"start"}}"#,
            r#"{"type":"check_question","text":"What?"}"#,
            r#"{"type":"sync"}"#,
        ];
        for (sample, kind) in samples.iter().zip(tag_names::<ClientMessage>()) {
            assert!(client_message(sample).is_ok(), "{sample}");
            assert!(sample.contains(&format!("\"type\":\"{kind}\"")));
        }
    }

    #[test]
    fn messages_name_the_position_and_shape_never_the_clients_text() {
        let cases = [
            (
                r#"{"type":"zqDance"}"#,
                "unknown message type; expected one of: hello, act",
            ),
            (
                r#"{"type":"sync","zqKey":1}"#,
                "unknown field in the message",
            ),
            (
                r#"{"type":"act","command":{"type":"start","zqKey":1}}"#,
                "unknown field in command",
            ),
            (
                r#"{"type":"act","command":{"type":"zqVariant"}}"#,
                "unknown command type; expected one of: acknowledge_norms,",
            ),
            (
                r#"{"type":"act","command":{"type":"ask","text":["zqText"]}}"#,
                "command.text: expected a string",
            ),
            (
                r#"{"type":"act","command":{"type":"give_floor"}}"#,
                "command: missing field `seat`",
            ),
            (
                r#"{"type":"hello","protocol":"zqOne","name":"Ana"}"#,
                "protocol: expected u32",
            ),
            (
                r#"{"type":"act","command":{"type":"check_in","reports":[{"zqKey":1}]}}"#,
                "unknown field in command.reports",
            ),
            (
                r#"{"type":"act","command":"zqStart"}"#,
                "command: a command is a JSON object",
            ),
        ];
        for (text, expected) in cases {
            let message = refusal(text).message;
            assert!(message.contains(expected), "{text}: {message}");
            assert!(!message.contains("zq"), "{text}: {message}");
        }
    }
}
