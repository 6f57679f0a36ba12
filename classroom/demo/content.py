"""The agenda of the demo lesson "Neural Networks II", following the seed slides in teaching order.

Each **agenda item** is a dict ``{"kind", "title", "body"}``. ``kind`` is one of
:data:`ACTIVITY_KINDS`; ``body`` is Markdown with LaTeX maths (``$…$`` inline, ``$$…$$`` display)
that ``classroom.markup`` renders to MathML. Until the quiz, debate, exercise and feedback apps
register their kinds, the loader shows those items as note slides, so every body is complete
teaching text that works as a slide on its own.

A **worked example** is a dict of the numbers one slide shows: the inputs and weights, and the
results rounded as printed. The slide text is formatted from the dict, and the tests recompute
every result from the inputs, so a wrong number on a slide fails a test.

Scaling used in the examples: house size in units of 100 m², rooms divided by 6, price in units of
£100k; temperature as degrees above 37 °C, heart rate as (bpm − 70) / 20.
"""

from __future__ import annotations

from textwrap import dedent
from typing import Literal, TypedDict

Kind = Literal["note", "discussion", "quiz", "debate", "exercise", "feedback"]

ACTIVITY_KINDS: tuple[Kind, ...] = ("note", "discussion", "quiz", "debate", "exercise", "feedback")


class AgendaItem(TypedDict, total=False):
    kind: Kind
    title: str
    body: str
    # Stored as the activity's config; a kind's configure_demo reads its own part of it.
    config: dict


LESSON_TITLE = "Neural Networks II"

COURSE = {"code": "COMP0088", "title": "Introduction to Machine Learning"}

DEBATE_MOTIONS = (
    "Some people argue that artificial neural networks, the mechanism behind current AI "
    "successes, are similar to biological neural networks because of their design and "
    "performance. Do you agree with this?",
    "“Deep learning is hitting a wall”. Do you agree with this statement?",
)
# The speaking time the debate slide states and the demo debate's timers run (its config).
DEBATE_SPEAKING_SECONDS = 60

SIGMOID_EXAMPLE = {"z": 2, "sigma": 0.881, "derivative": 0.105}

# 2 inputs -> 2 sigmoid hidden units -> 1 linear output, squared-error loss.
HOUSE_PRICE_EXAMPLE = {
    "size_m2": 120,
    "rooms": 3,
    "x": (1.2, 0.5),
    "W1": ((0.5, -0.3), (0.2, 0.8)),
    "b1": (0.1, -0.2),
    "W2": (1.5, 0.9),
    "b2": 0.4,
    "sold_for": "£200k",
    "y": 2.0,
    "z1": (0.55, 0.44),
    "a1": (0.634, 0.608),
    "y_hat": 1.899,
    "loss": 0.0051,
}

# One gradient-descent step on the house-price network above.
GRADIENT_STEP_EXAMPLE = {
    "eta": 0.5,
    "dz2": -0.101,
    "dW2": (-0.0643, -0.0617),
    "da1": (-0.152, -0.0912),
    "dz1": (-0.0353, -0.0217),
    "dW1": ((-0.0423, -0.0176), (-0.0261, -0.0109)),
    "new_W2": (1.532, 0.931),
    "new_b2": 0.451,
    "new_W1": ((0.521, -0.291), (0.213, 0.805)),
    "new_b1": (0.118, -0.189),
    "new_y_hat": 2.012,
    "new_loss": 0.00007,
}

SOFTMAX_EXAMPLE = {
    "classes": ("flu", "cold", "healthy"),
    "logits": (2.0, 1.0, 0.1),
    "exponentials": (7.389, 2.718, 1.105),
    "total": 11.213,
    "probabilities": (0.659, 0.242, 0.099),
}

# 2 inputs -> 2 sigmoid hidden units -> 2 logits (unwell, not unwell) -> softmax, cross-entropy.
UNWELL_EXAMPLE = {
    "temperature_c": 38.5,
    "heart_rate_bpm": 90,
    "x": (1.5, 1.0),
    "W1": ((0.8, 0.2), (-0.4, 0.6)),
    "b1": (-0.5, 0.1),
    "W2": ((1.2, 0.7), (-1.0, 0.3)),
    "b2": (0.0, 0.2),
    "z1": (0.9, 0.1),
    "a1": (0.711, 0.525),
    "z2": (1.221, -0.353),
    "probabilities": (0.828, 0.172),
    "loss": 0.188,
    "loss_if_well": 1.762,
}


# --- the exercises' networks, from the same worked examples as their slides -------------------

TOLERANCE = {"rtol": 0.01, "atol": 0.005}


def _layer(weights, bias, activation: str) -> dict:
    return {"weights": [list(row) for row in weights], "bias": list(bias), "activation": activation}


def house_price_spec(*, ask: list[str], title: str) -> dict:
    """The house-price network of :data:`HOUSE_PRICE_EXAMPLE` as the checker's spec: the slide
    and the exercise read the same numbers."""
    ex = HOUSE_PRICE_EXAMPLE
    return {
        "title": title,
        "input": list(ex["x"]),
        "target": [ex["y"]],
        "layers": [
            {
                "weights": [list(r) for r in ex["W1"]],
                "bias": list(ex["b1"]),
                "activation": "sigmoid",
            },
            {"weights": [list(ex["W2"])], "bias": [ex["b2"]], "activation": "linear"},
        ],
        "loss": "sse_half",
        "learning_rate": GRADIENT_STEP_EXAMPLE["eta"],
        "ask": ask,
        "tolerance": TOLERANCE,
    }


def unwell_spec() -> dict:
    """The unwell-or-not network of :data:`UNWELL_EXAMPLE` as the checker's spec."""
    ex = UNWELL_EXAMPLE
    return {
        "title": "Unwell or not",
        "input": list(ex["x"]),
        "target": [1.0, 0.0],
        "layers": [
            {
                "weights": [list(r) for r in ex["W1"]],
                "bias": list(ex["b1"]),
                "activation": "sigmoid",
            },
            {
                "weights": [list(r) for r in ex["W2"]],
                "bias": list(ex["b2"]),
                "activation": "softmax",
            },
        ],
        "loss": "cross_entropy",
        "learning_rate": 0.5,
        "ask": ["z", "a", "loss"],
        "tolerance": TOLERANCE,
    }


def house_price_template() -> dict:
    """The house-price network with numbers drawn for each student (a variant template)."""
    weight = {"from": -1.0, "to": 1.0, "decimals": 1}
    return {
        "title": "House price: your own numbers",
        "input": [{"from": 0.5, "to": 2.0, "decimals": 1}, {"from": 0.2, "to": 1.0, "decimals": 1}],
        "target": [{"from": 1.0, "to": 3.0, "decimals": 1}],
        "layers": [
            {"units": 2, "weights": weight, "bias": weight, "activation": "sigmoid"},
            {"units": 1, "weights": weight, "bias": weight, "activation": "linear"},
        ],
        "loss": "sse_half",
        "learning_rate": 0.5,
        "ask": ["z", "a", "loss", "dz", "dW", "db", "W_new", "b_new"],
        "tolerance": TOLERANCE,
    }


def _vec(values) -> str:
    return "(" + ", ".join(str(v) for v in values) + ")"


def _column(values) -> str:
    return r"\begin{bmatrix} " + r" \\ ".join(str(v) for v in values) + r" \end{bmatrix}"


def _matrix(rows) -> str:
    body = r" \\ ".join(" & ".join(str(v) for v in row) for row in rows)
    return r"\begin{bmatrix} " + body + r" \end{bmatrix}"


def _slide(text: str) -> str:
    # Bodies are written indented in this file; Markdown would read the indent as code.
    return dedent(text).strip()


def _overview() -> str:
    return _slide(
        """
        Today we open up a neural network and run it by hand, in both directions.

        1. Daily quiz
        2. Debate prep and two debates
        3. The forward pass: the sigmoid, a house-price regression, softmax for unwell-or-not
        4. The backward pass and gradient descent
        5. Assignment feedback
        6. Discussion
        7. [Extra] A language model research task

        *If you can do the forward pass by hand, you have understood neural networks.*
        """
    )


def _daily_quiz() -> str:
    return _slide(
        r"""
        Five minutes, on your own, no notes. Write your answers down; we go through them together.

        1. A neuron has weights $w = (2, -1)$, bias $b = 0.5$ and input $x = (1, 3)$.
           What is $z = w \cdot x + b$?
        2. Why does a network need a non-linear activation? What does a stack of purely
           linear layers collapse to?
        3. A fully connected layer maps 4 inputs to 3 outputs. How many parameters
           (weights and biases) does it have?
        4. Regression or classification: predicting tomorrow's temperature? Flagging spam?
        5. In gradient descent, what does the learning rate control?
        """
    )


def _speaking_time(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if rest or not minutes:
        return f"{seconds} seconds"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _debate() -> str:
    return _slide(
        f"""
        **Two debates.** Groups of 5 (all must speak). Ten minutes to prepare, then
        {_speaking_time(DEBATE_SPEAKING_SECONDS)} per speaker. Half the groups argue for the
        motion, half against.

        1. “Introducer” → Job is to explain the claim without bias from your side of the argument.
        2. Argument 1
        3. Argument 2
        4. Argument 3
        5. “Finisher” → Job is to respond to the other arguments

        **Motion 1.** {DEBATE_MOTIONS[0]}

        **Motion 2.** {DEBATE_MOTIONS[1]}
        """
    )


def _forward_pass() -> str:
    return _slide(
        r"""
        The forward pass turns an input into a prediction, one layer at a time. It runs in
        **training** (the prediction is compared with the label to give the loss) and at
        **test** time (the prediction is the answer).

        Start with $a^{[0]} = x$. For each layer $l = 1, \dots, L$:

        $$z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}, \qquad a^{[l]} = g^{[l]}(z^{[l]})$$

        - $W^{[l]}$: one row per neuron of layer $l$, one column per input to it
        - $b^{[l]}$: one bias per neuron
        - $g^{[l]}$: the activation, e.g. the sigmoid in hidden layers; at the output, none
          for regression, softmax for classification

        The last activation $a^{[L]} = \hat{y}$ is the prediction.
        """
    )


def _sigmoid() -> str:
    ex = SIGMOID_EXAMPLE
    return _slide(
        rf"""
        $$\sigma(z) = \frac{{1}}{{1 + e^{{-z}}}}$$

        - Squashes any real number into the range $(0, 1)$: very negative $z$ gives nearly 0,
          very positive $z$ nearly 1.
        - $\sigma(0) = 0.5$, and $\sigma(-z) = 1 - \sigma(z)$.
        - Its derivative needs only the output the forward pass already computed:

        $$\sigma'(z) = \sigma(z)\bigl(1 - \sigma(z)\bigr)$$

        - The derivative is largest at $z = 0$, where it is $0.25$, and tiny for large $|z|$:
          saturated units learn slowly (vanishing gradients).

        Example: $\sigma({ex["z"]}) \approx {ex["sigma"]}$ and
        $\sigma'({ex["z"]}) \approx {ex["derivative"]}$.
        """
    )


def _house_price_forward() -> str:
    ex = HOUSE_PRICE_EXAMPLE
    return _slide(
        rf"""
        Predict the price of a {ex["size_m2"]} m² house with {ex["rooms"]} rooms. Inputs are
        scaled: $x_1$ = size in 100 m², $x_2$ = rooms ÷ 6, so $x = {_vec(ex["x"])}$. The price
        comes out in units of £100k.

        Network: 2 inputs → 2 sigmoid hidden units → 1 linear output.

        $$W^{{[1]}} = {_matrix(ex["W1"])}, \quad b^{{[1]}} = {_column(ex["b1"])}, \quad
        W^{{[2]}} = {_matrix([ex["W2"]])}, \quad b^{{[2]}} = {ex["b2"]}$$

        1. Hidden pre-activations: $z^{{[1]}} = W^{{[1]}} x + b^{{[1]}}$.
        2. Hidden activations: $a^{{[1]}} = \sigma(z^{{[1]}})$.
        3. Output, with no activation because this is regression:
           $\hat{{y}} = W^{{[2]}} a^{{[1]}} + b^{{[2]}}$.
        4. The house sold for {ex["sold_for"]}, so $y = {ex["y"]}$. Squared-error loss:
           $L = \frac{{1}}{{2}}(\hat{{y}} - y)^2$.

        **Check:** $z^{{[1]}} = {_vec(ex["z1"])}$, $a^{{[1]}} \approx {_vec(ex["a1"])}$,
        $\hat{{y}} \approx {ex["y_hat"]}$ (about £190k), $L \approx {ex["loss"]}$.
        """
    )


def _softmax() -> str:
    ex = SOFTMAX_EXAMPLE
    rows = "\n".join(
        f"| {name} | {z} | {e} | {p} |"
        for name, z, e, p in zip(
            ex["classes"], ex["logits"], ex["exponentials"], ex["probabilities"], strict=True
        )
    )
    table = (
        "| class | $z_i$ | $e^{z_i}$ | probability |\n|---|---|---|---|\n"
        + rows
        + f"\n| **sum** | | {ex['total']} | 1.000 |"
    )
    intro = _slide(
        rf"""
        A classifier's last layer gives one raw score (a *logit*) $z_i$ per class. Softmax turns
        the scores into probabilities: all positive, summing to 1.

        $$\hat{{p}}_i = \frac{{e^{{z_i}}}}{{\sum_{{j=1}}^{{K}} e^{{z_j}}}}$$

        Worked example, $K = {len(ex["classes"])}$ classes ({", ".join(ex["classes"])}), logits
        $z = {_vec(ex["logits"])}$:
        """
    )
    outro = (
        "Exponentials stretch the gaps, so the biggest logit gets more than its share; the order "
        "of the classes never changes."
    )
    return f"{intro}\n\n{table}\n\n{outro}"


def _unwell_forward() -> str:
    ex = UNWELL_EXAMPLE
    return _slide(
        rf"""
        A patient has a temperature of {ex["temperature_c"]} °C and a heart rate of
        {ex["heart_rate_bpm"]} bpm. Scaled: $x_1$ = degrees above 37 °C, $x_2$ = (bpm − 70) ÷ 20,
        so $x = {_vec(ex["x"])}$. Two sigmoid hidden units, then two logits (unwell, not unwell),
        then softmax.

        $$W^{{[1]}} = {_matrix(ex["W1"])}, \quad b^{{[1]}} = {_column(ex["b1"])}, \quad
        W^{{[2]}} = {_matrix(ex["W2"])}, \quad b^{{[2]}} = {_column(ex["b2"])}$$

        1. $z^{{[1]}} = W^{{[1]}} x + b^{{[1]}}$ and $a^{{[1]}} = \sigma(z^{{[1]}})$.
        2. Logits: $z^{{[2]}} = W^{{[2]}} a^{{[1]}} + b^{{[2]}}$.
        3. Probabilities: $\hat{{p}} = \operatorname{{softmax}}(z^{{[2]}})$.
        4. The patient was unwell. Cross-entropy loss:
           $L = -\sum_k y_k \ln \hat{{p}}_k = -\ln \hat{{p}}_{{\text{{unwell}}}}$.
        5. What would the loss have been if the patient had been well?

        **Check:** $z^{{[1]}} = {_vec(ex["z1"])}$, $a^{{[1]}} \approx {_vec(ex["a1"])}$,
        $z^{{[2]}} \approx {_vec(ex["z2"])}$, $\hat{{p}} \approx {_vec(ex["probabilities"])}$,
        $L \approx {ex["loss"]}$; if well, $L \approx {ex["loss_if_well"]}$: confident and wrong
        costs far more.
        """
    )


def _gradient_descent() -> str:
    return _slide(
        r"""
        Training means finding weights that make the loss small. The gradient
        $\frac{\partial L}{\partial w}$ points uphill, so step the other way, for every weight
        and bias at once:

        $$w \leftarrow w - \eta \frac{\partial L}{\partial w}$$

        - $\eta$ is the **learning rate**: the size of each step.
        - Too small and training crawls; too large and steps overshoot the minimum, so the loss
          bounces or diverges.
        - Gradients from one example are noisy; averaging over a mini-batch (say 32 examples)
          is the usual compromise.
        - One training step: forward pass → loss → backward pass (gradients) → update.
        """
    )


def _backward_pass() -> str:
    return _slide(
        r"""
        Backpropagation applies the chain rule from the loss back to the first layer, reusing
        what the forward pass stored. Write $da$ for $\frac{\partial L}{\partial a}$, and so on.

        At a linear output with squared error, $dz^{[L]} = \hat{y} - y$ (softmax with
        cross-entropy gives the same form, $\hat{p} - y$). Then for each layer $l = L, \dots, 1$:

        $$dz^{[l]} = da^{[l]} \odot \sigma'(z^{[l]}) \quad \text{(sigmoid layers)}$$

        $$dW^{[l]} = dz^{[l]} \, a^{[l-1]\top}, \qquad db^{[l]} = dz^{[l]}, \qquad
        da^{[l-1]} = W^{[l]\top} dz^{[l]}$$

        $\odot$ multiplies element by element. Each gradient has the shape of its parameter.
        """
    )


def _backward_exercise() -> str:
    hp, ex = HOUSE_PRICE_EXAMPLE, GRADIENT_STEP_EXAMPLE
    return _slide(
        rf"""
        Take the house-price network ($x = {_vec(hp["x"])}$, $y = {hp["y"]}$,
        $\hat{{y}} \approx {hp["y_hat"]}$) and do one gradient-descent step with learning rate
        $\eta = {ex["eta"]}$.

        1. Output: $dz^{{[2]}} = \hat{{y}} - y$, then $dW^{{[2]}} = dz^{{[2]}} a^{{[1]\top}}$ and
           $db^{{[2]}} = dz^{{[2]}}$.
        2. Into the hidden layer: $da^{{[1]}} = W^{{[2]\top}} dz^{{[2]}}$.
        3. Through the sigmoid: $dz^{{[1]}} = da^{{[1]}} \odot a^{{[1]}} \odot (1 - a^{{[1]}})$.
        4. First layer: $dW^{{[1]}} = dz^{{[1]}} x^{{\top}}$ and $db^{{[1]}} = dz^{{[1]}}$.
        5. Update every parameter with $w \leftarrow w - \eta \, dw$, then run the forward pass
           again.

        **Check:** $dz^{{[2]}} \approx {ex["dz2"]}$, $dW^{{[2]}} \approx {_vec(ex["dW2"])}$,
        $da^{{[1]}} \approx {_vec(ex["da1"])}$, $dz^{{[1]}} \approx {_vec(ex["dz1"])}$,
        $dW^{{[1]}} \approx {_matrix(ex["dW1"])}$.
        New $W^{{[2]}} \approx {_vec(ex["new_W2"])}$, $b^{{[2]}} \approx {ex["new_b2"]}$,
        $W^{{[1]}} \approx {_matrix(ex["new_W1"])}$, $b^{{[1]}} \approx {_vec(ex["new_b1"])}$.
        New prediction $\hat{{y}} \approx {ex["new_y_hat"]}$: the loss falls from
        {hp["loss"]} to {ex["new_loss"]:.5f}.
        """
    )


def _own_numbers() -> str:
    return _slide(
        """
        The house-price network again (2 inputs, 2 sigmoid hidden units, 1 linear output), with
        numbers drawn for you alone: the whole forward pass, the loss, the backward pass and one
        gradient-descent step. Each step is marked as you submit it, with credit for a step
        done right from your own earlier value. Practise as often as you like from your page.
        """
    )


def _assignment_feedback() -> str:
    return _slide(
        """
        **What went well**

        - Clear train, validation and test splits, and most of you reported a baseline to beat.
        - Plots with labelled axes and a sentence on what each one shows.

        **Common mistakes**

        - Scaling features with statistics from the whole data set: fit the scaler on the
          training set only, or test information leaks into training.
        - Accuracy alone on imbalanced classes: report precision and recall too.
        - Tuning hyperparameters on the test set.
        - Notebooks that only run in the author's cell order: restart and run all before
          submitting.

        **Reading your feedback:** each rubric criterion has a band and a comment. Start with
        your lowest band: fixing it is worth the most marks next time.
        """
    )


def _discussion() -> str:
    return _slide(
        """
        What one step of the backward pass would you most like to see worked again?

        Send a short reply from your phone: name the step and say what is unclear about it.
        """
    )


def _research_task() -> str:
    return _slide(
        r"""
        A language model ends in the softmax you met today, taken over a whole vocabulary
        (GPT-2 has 50,257 tokens). Find out how that becomes text.

        1. What is a token? Tokenise one sentence with a tokenizer of your choice (e.g. the
           `tiktoken` library) and list the tokens.
        2. Sampling divides the logits by a **temperature** $T$:
           $p_i = \frac{e^{z_i / T}}{\sum_j e^{z_j / T}}$. Compute $p$ for the logits
           $(2.0, 1.0, 0.1)$ at $T = 0.5$, $1$ and $2$. What does $T$ do to the output?
        3. Greedy decoding or top-$k$ sampling: give one advantage of each.

        **Hand in** one page (at most 400 words: the three answers and two cited sources) before
        the next lesson.
        """
    )


AGENDA: list[AgendaItem] = [
    {"kind": "note", "title": "Overview", "body": _overview()},
    {"kind": "quiz", "title": "Daily Quiz", "body": _daily_quiz()},
    {
        "kind": "debate",
        "title": "Debate prep and debate",
        "body": _debate(),
        "config": {"debate": {"speaking_seconds": DEBATE_SPEAKING_SECONDS}},
    },
    {"kind": "note", "title": "The forward pass", "body": _forward_pass()},
    {"kind": "note", "title": "The sigmoid function", "body": _sigmoid()},
    {
        "kind": "exercise",
        "title": "The forward pass by hand: house price prediction (a regression problem)",
        "body": _house_price_forward(),
        "config": {
            "exercise": {"spec": house_price_spec(ask=["z", "a", "loss"], title="House price")}
        },
    },
    {"kind": "note", "title": "Scaling outputs with the softmax function", "body": _softmax()},
    {
        "kind": "exercise",
        "title": "The forward pass by hand: unwell or not unwell (a classification problem)",
        "body": _unwell_forward(),
        "config": {"exercise": {"spec": unwell_spec()}},
    },
    {"kind": "note", "title": "Gradient descent recap", "body": _gradient_descent()},
    {"kind": "note", "title": "The backward pass (backpropagation)", "body": _backward_pass()},
    {
        "kind": "exercise",
        "title": "The backward pass by hand: one gradient-descent step",
        "body": _backward_exercise(),
        "config": {
            "exercise": {
                "spec": house_price_spec(
                    ask=["dz", "da", "dW", "db", "W_new", "b_new"],
                    title="House price: one gradient-descent step",
                )
            }
        },
    },
    {"kind": "feedback", "title": "Assignment feedback", "body": _assignment_feedback()},
    {"kind": "discussion", "title": "Discussion", "body": _discussion()},
    {"kind": "note", "title": "[Extra] Language model research task", "body": _research_task()},
    {
        "kind": "exercise",
        "title": "[After class] The house-price network with your own numbers",
        "body": _own_numbers(),
        "config": {"exercise": {"spec": house_price_template(), "per_student": True}},
    },
]
