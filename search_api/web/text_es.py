"""The web pages' Spanish, keyed by the English the templates and view code write.

Formal register ("usted") and the printables' own terms (checklist.es.yaml):
"anuncio" for a listing, "lista de candidatos" for the shortlist, "escala
móvil", "declarado por el propio profesional". {placeholders} match the
English. Vocabulary labels are not here: they come from checklist.es.yaml's
`labels`, the printables' and the pages' one source.
"""

from __future__ import annotations

SPANISH: dict[str, str] = {
    # The frame: header, footer, nav
    "Skip to main content": "Saltar al contenido principal",
    "Skip to results": "Saltar a los resultados",
    "Site": "Sitio",
    "Search": "Buscar",
    "Shortlist": "Lista de candidatos",
    "Therapist Finder sets no cookies, loads nothing from other sites unless you ask for a street map, "
    "and does not log searches.":
        "Therapist Finder no usa cookies, no carga nada de otros sitios salvo que usted pida un mapa de "
        "calles y no registra las búsquedas.",
    "Each claim says who made it and when; call the therapist or your insurer to confirm before your "
    "first session.":
        "Cada dato indica quién lo afirma y cuándo; llame al terapeuta o a su aseguradora para "
        "confirmarlo antes de la primera sesión.",
    "Printed from:": "Impreso desde:",
    # Search page
    "Find a therapist": "Buscar terapeuta",
    "Error: Find a therapist": "Error: Buscar terapeuta",
    "{count} found": "{count} encontrados",
    # A participle or verb agrees with one thing (text.PageText.agreeing): "1 anuncio encontrado".
    "{count} found #one": "{count} encontrado",
    "Search by place, insurance, fees and what you would like help with. Every claim says who made it "
    "and when it was checked.":
        "Busque por lugar, seguro médico, tarifas y aquello con lo que desea ayuda. Cada dato indica "
        "quién lo afirma y cuándo se verificó.",
    "Please check your search": "Revise su búsqueda",
    "Did you mean:": "¿Quiso decir:",  # the error summary's, its suggestions then "?"
    "Did you mean?": "¿Quiso decir?",
    "You may also mean:": "Quizá también quiso decir:",
    "Search therapists": "Buscar terapeutas",
    "What would you like help with?": "¿Con qué desea ayuda?",
    "e.g. anxiety, postpartum, EMDR": "p. ej., ansiedad, posparto, EMDR",
    "Near": "Cerca de",
    "ZIP, or city and state": "Código postal, o ciudad y estado",
    "A 5-digit ZIP, or a city and state, like Portland, OR.":
        "Un código postal de 5 dígitos, o una ciudad y un estado, como Portland, OR.",
    "Within": "A menos de",
    "Sort by": "Ordenar por",
    "Automatic": "Automático",
    "Distance": "Distancia",
    "Relevance": "Relevancia",
    "Name": "Nombre",
    "Lowest fee first": "Tarifa más baja primero",
    "Filters": "Filtros",
    "in use": "en uso",
    "Show or hide the filters": "Mostrar u ocultar los filtros",
    "Each count is how many listings match that choice with your other filters. Choices in one group "
    "add up: ticking two shows listings with either.":
        "Cada número indica cuántos anuncios cumplen esa opción junto con sus otros filtros. Las "
        "opciones de un mismo grupo se suman: si marca dos, verá los anuncios que tengan cualquiera "
        "de ellas.",
    "Availability and fees": "Disponibilidad y tarifas",
    "Most I can pay per session ($)": "Lo máximo que puedo pagar por sesión ($)",
    "{count} more options": "{count} opciones más",
    "{count} more options #one": "{count} opción más",
    "More place options": "Más opciones de lugar",
    "Licensed in or office in state": "Con licencia o consultorio en el estado",
    "Any state": "Cualquier estado",
    "Latitude": "Latitud",
    "Longitude": "Longitud",
    "Coordinates replace “Near”; use one or the other.":
        "Las coordenadas reemplazan a “Cerca de”; use una cosa o la otra.",
    "Results": "Resultados",
    "Otherwise hidden: listings no source has listed in {age}.":
        "Si no, se ocultan: los anuncios que ninguna fuente ha publicado en {age}.",
    "Include listings no source has seen lately": "Incluir anuncios que ninguna fuente ha visto últimamente",
    "Results per page": "Resultados por página",
    "Apply filters": "Aplicar filtros",
    "Clear all": "Borrar todo",
    "No results yet": "Aún no hay resultados",
    "Fix the problem above and search again.": "Corrija el problema indicado arriba y vuelva a buscar.",
    "Go to the first page of results": "Ir a la primera página de resultados",
    "Start a search": "Empiece una búsqueda",
    "The directory holds {count}. Enter a ZIP code or a city, or choose filters, then press Search.":
        "El directorio tiene {count}. Escriba un código postal o una ciudad, o elija filtros, y "
        "pulse Buscar.",
    "This is the demo directory: every listing in it is made up. Some of the places it has listings near:":
        "Este es el directorio de demostración: todos sus anuncios son inventados. Algunos lugares "
        "cerca de los cuales tiene anuncios:",
    "How to read a listing": "Cómo leer un anuncio",
    "in network per the insurer's directory, checked on a date":
        "dentro de la red según el directorio de la aseguradora, verificado en una fecha",
    "the insurer's own directory listed this therapist.":
        "el propio directorio de la aseguradora incluye a este terapeuta.",
    "Sliding scale": "Escala móvil",
    "self-reported": "declarado por el propio profesional",
    "the therapist said so; nobody else has confirmed it.":
        "lo dice el terapeuta; nadie más lo ha confirmado.",
    "{count} within {radius} of {place}": "{count} a menos de {radius} de {place}",
    "{count} within {radius} of your point near {place}":
        "{count} a menos de {radius} de su punto cerca de {place}",
    "{count} within {radius} of your point": "{count} a menos de {radius} de su punto",
    "the chosen point": "el punto elegido",
    ", sorted by {key}.": ", ordenados por {key}.",
    "Sorted by {key}.": "Ordenados por {key}.",
    "distance": "distancia",
    "relevance": "relevancia",
    "name": "nombre",
    "fee, lowest first; listings without a fee come last":
        "tarifa, de menor a mayor; los anuncios sin tarifa van al final",
    "Showing {shown} of {total}": "Se muestran {shown} de {total}",
    "Showing {shown} of {total} #one": "Se muestra {shown} de {total}",
    "Filters in use": "Filtros en uso",
    "(remove this filter)": "(quitar este filtro)",
    "Map of the results on this page (the list below has the same results)":
        "Mapa de los resultados de esta página (la lista de abajo tiene los mismos resultados)",
    "No listings match. Try a wider radius, fewer filters, or different words.":
        "Ningún anuncio coincide. Pruebe con una distancia mayor, menos filtros u otras palabras.",
    "Pages of results": "Páginas de resultados",
    "First page": "Primera página",
    "Previous page": "Página anterior",
    "Next page": "Página siguiente",
    "yes": "sí",
    "no": "no",
    "State: {state}": "Estado: {state}",
    "At most ${fee} a session, sliding scales included": "Como máximo ${fee} por sesión, con escalas móviles",
    "A sliding scale's lowest rate counts: ask what you would pay.":
        "Cuenta la tarifa más baja de una escala móvil: pregunte cuánto pagaría usted.",
    # Facet groups and flags (facets.py), hints (hints.py)
    "Insurance": "Seguro médico",
    "Helps with": "Trabaja con",
    "Approach": "Enfoque",
    "Session format": "Modalidad de sesión",
    "Ages": "Edades",
    "Language": "Idioma",
    "License": "Licencia",
    "Therapist's gender": "Género del terapeuta",
    "Accepting new clients": "Acepta clientes nuevos",
    "Telehealth (video or phone)": "Telesalud (video o teléfono)",
    "In person": "En persona",
    "Free consultation": "Consulta gratuita",
    "Telehealth": "Telesalud",
    "Search for “{words}”": "Buscar “{words}”",
    "Show only: {what}": "Mostrar solo: {what}",
    "Filter by {filters}": "Filtrar por {filters}",
    "{filters}, searching for “{words}”": "{filters}, buscando “{words}”",
    " or ": " o ",
    "insurance": "seguro médico",
    "language": "idioma",
    "license": "licencia",
    "session format": "modalidad de sesión",
    "age group": "edad",
    # Nouns counted (text.PageText.counted)
    "listing": "anuncio",
    "listings": "anuncios",
    "mile": "milla",
    "miles": "millas",
    "more insurer": "aseguradora más",
    "more insurers": "aseguradoras más",
    # Result cards and badges
    "(may be out of date)": "(puede estar desactualizado)",
    "On your shortlist ✓ (remove)": "En su lista de candidatos ✓ (quitar)",
    "Shortlist full: open it": "Lista de candidatos llena: ábrala",
    "to remove one before adding {name}": "para quitar uno antes de añadir a {name}",
    "Add to shortlist": "Añadir a la lista de candidatos",
    "Fees:": "Tarifas:",
    "{value} away": "a {value}",
    "and {more} on the profile": "y {more} en el perfil",
    "No insurance listed.": "No figura ningún seguro.",
    "Helps with:": "Trabaja con:",
    "Approaches:": "Enfoques:",
    "Licensed in:": "Con licencia en:",
    "Languages:": "Idiomas:",
    "View profile": "Ver perfil",
    "of {name}": "de {name}",
    "Show street map — loads map images from {host}":
        "Mostrar mapa de calles: carga imágenes de mapa desde {host}",
    "Not accepting new clients": "No acepta clientes nuevos",
    "New-client status not stated": "No indica si acepta clientes nuevos",
    "Practice or facility": "Consultorio o clínica",
    "Individual therapist": "Terapeuta individual",
    "approximate location: the ZIP code's area": "ubicación aproximada: la zona del código postal",
    "approximate location: the city": "ubicación aproximada: la ciudad",
    # Fees (formatting.py)
    "{money} a session": "{money} por sesión",
    "sliding scale {money}": "escala móvil {money}",
    "sliding scale available": "escala móvil disponible",
    "no sliding scale": "sin escala móvil",
    "free consultation": "consulta gratuita",
    "from {money}": "desde {money}",
    "up to {money}": "hasta {money}",
    "Fees not listed": "Tarifas no publicadas",
    # Profile
    "Back to search": "Volver a la búsqueda",
    "Print this page": "Imprimir esta página",
    "Sources disagree": "Las fuentes no coinciden",
    "Sources disagree:": "Las fuentes no coinciden:",
    "What each source says": "Qué dice cada fuente",
    "give one ZIP code or city, not two.": "indique un solo código postal o ciudad, no dos.",
    "it names more than one value. Give one, or tick each in the list.":
        "nombra más de un valor. Indique uno, o marque cada uno en la lista.",
    "a filter keeps the values given; it cannot leave one out. Give the ones to keep.":
        "un filtro conserva los valores indicados; no puede excluir uno. Indique los que quiere conservar.",
    "Individual or practice": "Profesional o consulta",
    "about {name}": "sobre {name}",
    "No source has seen this listing since {date}: it may be out of date.":
        "Ninguna fuente ha visto este perfil desde el {date}: puede estar desactualizado.",
    "No source says when it last saw this listing: it may be out of date.":
        "Ninguna fuente dice cuándo vio este perfil por última vez: puede estar desactualizado.",
    "The directory read different answers from different sources. Ask the therapist which is right.":
        "El directorio encontró respuestas distintas en distintas fuentes. Pregunte al terapeuta "
        "cuál es la correcta.",
    "Sessions": "Sesiones",
    "Not stated": "No se indica",
    "Insurers, plans and who says this listing takes them":
        "Aseguradoras, planes y quién dice que este anuncio los acepta",
    "Insurer": "Aseguradora",
    "Plans": "Planes",
    "Who says so, and when": "Quién lo dice y cuándo",
    "Networks change often. Ask your insurer and the therapist to confirm before your first session.":
        "Las redes cambian a menudo. Pida a su aseguradora y al terapeuta que lo confirmen antes de "
        "la primera sesión.",
    "No insurance listed. Ask whether they give a receipt (a “superbill”) for out-of-network "
    "reimbursement.":
        "No figura ningún seguro. Pregunte si entregan un recibo detallado (“superbill”) para pedir "
        "un reembolso fuera de la red.",
    "What they work with": "Con qué trabaja",
    "Approaches": "Enfoques",
    "Session formats": "Modalidades de sesión",
    "Languages": "Idiomas",
    "Where": "Dónde",
    "Address not listed": "Dirección no publicada",
    "Map of this listing's locations (listed above)":
        "Mapa de las direcciones de este anuncio (indicadas arriba)",
    "No office address listed; sessions are offered by telehealth.":
        "No figura la dirección de un consultorio; las sesiones se ofrecen por telesalud.",
    "No office address listed.": "No figura la dirección de un consultorio.",
    "Contact": "Contacto",
    "Phone": "Teléfono",
    "Website": "Sitio web",
    "Not listed": "No figura",
    "Qualifications": "Formación y licencias",
    "Credentials": "Títulos",
    "License types": "Tipos de licencia",
    "Licensed in": "Con licencia en",
    "NPI": "NPI",
    "Gender": "Género",
    "Check a license with the state licensing board before you start.":
        "Verifique la licencia con la junta estatal de licencias antes de empezar.",
    "In their words": "En sus propias palabras",
    "Sources and dates": "Fuentes y fechas",
    "Last seen by a source: {value}": "Visto por última vez en una fuente: {value}",
    "unknown": "desconocido",
    "Where this listing was read, and when": "Dónde se leyó este anuncio y cuándo",
    "Source": "Fuente",
    "Address": "Dirección",
    "Read on": "Leído el",
    "Fees": "Tarifas",  # a field of the source's own words (listing_view.UNMAPPED_LABELS)
    "Also listed, in the source's own words:": "También figura, en las palabras de la fuente:",
    "Listing id:": "Id del anuncio:",
    "Questions to ask {name}": "Preguntas para {name}",
    "Print a checklist for your first call, with what the directory knows about this listing and what "
    "to confirm. Nothing you choose here is stored.":
        "Imprima una lista de preguntas para su primera llamada, con lo que el directorio sabe de este "
        "anuncio y lo que conviene confirmar. No se guarda nada de lo que elija aquí.",
    "Your insurance (optional)": "Su seguro médico (opcional)",
    "None, or not sure": "Ninguno, o no estoy seguro",
    "What you would like help with (optional)": "Con qué desea ayuda (opcional)",
    "Prefer not to say": "Prefiero no decirlo",
    "Language of the checklist": "Idioma de la lista de preguntas",
    "Length": "Extensión",
    "The key questions (half as long)": "Las preguntas clave (la mitad de larga)",
    "Every question": "Todas las preguntas",
    "Print checklist (PDF)": "Imprimir la lista de preguntas (PDF)",
    "Open checklist as a page": "Abrir la lista de preguntas como página",
    # Shortlist
    "Your shortlist": "Su lista de candidatos",
    "Your shortlist is kept only in this browser and in this page's address: bookmark the address, or "
    "send it to someone helping you. Nothing is stored on the server.":
        "Su lista de candidatos se guarda solo en este navegador y en la dirección de esta página: "
        "guarde la dirección en sus marcadores o envíela a quien le esté ayudando. No se guarda nada "
        "en el servidor.",
    "1 listing is no longer in the directory and was left out:":
        "1 anuncio ya no está en el directorio y se omitió:",
    "{count} listings are no longer in the directory and were left out:":
        "{count} anuncios ya no están en el directorio y se omitieron:",
    "Your shortlist is empty. Use {value} on a search result or a profile.":
        "Su lista de candidatos está vacía. Use {value} en un resultado de búsqueda o en un perfil.",
    "Search the directory": "Buscar en el directorio",
    "Link to this shortlist:": "Enlace a esta lista de candidatos:",
    "Remove": "Quitar",
    "from shortlist": "de la lista de candidatos",
    "Compare sheet": "Comparación de terapeutas",
    "Add at least one more listing to compare them side by side.":
        "Añada al menos un anuncio más para compararlos lado a lado.",
    "Two to five listings side by side (fees, insurance, availability, with who said so and when), with "
    "the questions to ask as rows to fill in. Nothing you enter here is stored or put in the page "
    "address.":
        "De dos a cinco anuncios lado a lado (tarifas, seguro, disponibilidad, con quién lo dice y "
        "cuándo), con las preguntas que conviene hacer como filas para completar. Nada de lo que "
        "escriba aquí se guarda ni se pone en la dirección de la página.",
    "Listings to compare (2 to 5)": "Anuncios para comparar (de 2 a 5)",
    "Distances from (optional)": "Distancias desde (opcional)",
    "ZIP, or City, ST": "Código postal, o ciudad y estado",
    "Client's insurance (optional)": "Seguro médico del cliente (opcional)",
    "Help wanted with (optional)": "Ayuda que busca (opcional)",
    "Compare sheet (PDF)": "Comparación de terapeutas (PDF)",
    "Open compare sheet as a page": "Abrir la comparación como página",
    "Referral packet": "Lista de derivación",
    "For referral staff: a list of these {count} options with contacts and what to confirm, plus the "
    "consultation checklist. The note is printed on the packet, never stored, and never put in the page "
    "address.":
        "Para el personal de derivación: una lista de estas {count} opciones con sus contactos y lo "
        "que conviene confirmar, más la lista de preguntas para la consulta. La nota se imprime en la "
        "lista, nunca se guarda y nunca se pone en la dirección de la página.",
    "For referral staff: this option with its contacts and what to confirm, plus the consultation "
    "checklist. The note is printed on the packet, never stored, and never put in the page address.":
        "Para el personal de derivación: esta opción con sus contactos y lo que conviene confirmar, "
        "más la lista de preguntas para la consulta. La nota se imprime en la lista, nunca se guarda "
        "y nunca se pone en la dirección de la página.",
    "Note for the client (optional)": "Nota para el cliente (opcional)",
    "Do not include names, dates of birth or other details that identify the client.":
        "No incluya nombres, fechas de nacimiento ni otros datos que identifiquen al cliente.",
    "Add the consultation checklist": "Añadir la lista de preguntas para la consulta",
    "Yes, the key questions": "Sí, las preguntas clave",
    "Yes, every question": "Sí, todas las preguntas",
    "Yes": "Sí",
    "No": "No",
    "Referral packet (PDF)": "Lista de derivación (PDF)",
    "Open referral packet as a page": "Abrir la lista de derivación como página",
    "Download as a spreadsheet (CSV)": "Descargar como hoja de cálculo (CSV)",
    "Clear shortlist": "Vaciar la lista de candidatos",
    # Error pages
    "Error {code}": "Error {code}",
    "Start a new search": "Empezar una nueva búsqueda",
    "Page not found": "Página no encontrada",
    "There is no page at this address.": "No hay ninguna página en esta dirección.",
    "Something went wrong": "Algo salió mal",
    "The directory could not answer this search. Please try again.":
        "El directorio no pudo responder a esta búsqueda. Vuelva a intentarlo.",
    "Please try again.": "Vuelva a intentarlo.",
    "No such listing": "Ese anuncio no existe",
    "There is no listing with id '{id}'. It may have been removed from the directory.":
        "No hay ningún anuncio con el id '{id}'. Es posible que se haya retirado del directorio.",
    "We couldn't look up that place right now": "No pudimos buscar ese lugar en este momento",
    "Please try again in a few minutes, or search by a 5-digit ZIP or a city and state (like Portland, "
    "OR), which always work.":
        "Vuelva a intentarlo en unos minutos, o busque por un código postal de 5 dígitos o por una "
        "ciudad y un estado (como Portland, OR), que siempre funcionan.",
    "The directory is unavailable right now": "El directorio no está disponible en este momento",
    "Please try again in a few minutes.": "Vuelva a intentarlo en unos minutos.",
    "This shortlist link is not valid": "Este enlace a una lista de candidatos no es válido",
    "This shortlist is too long": "Esta lista de candidatos es demasiado larga",
    "unknown parameter '{name}'; a shortlist link has ids, and may have near, insurance and specialty "
    "from a search":
        "parámetro desconocido '{name}'; un enlace a una lista de candidatos tiene ids, y puede tener "
        "near, insurance y specialty de una búsqueda",
    "A shortlist holds at most {most} listings. This link had {count}, so the first {most} are shown.":
        "Una lista de candidatos admite como máximo {most} anuncios. Este enlace tenía {count}, así que se "
        "muestran los {most} primeros.",
    "ids: an id is at most {most} characters": "ids: un id tiene como máximo {most} caracteres",
    "ids: '{id}' is not a listing id (ids look like nppes:1234567890)":
        "ids: '{id}' no es un id de perfil (los id son como nppes:1234567890)",
    # Messages about the search form (messages.py)
    "This search address has a setting the page doesn't use ({name}). Remove it from the address, or "
    "start a new search.":
        "Esta dirección de búsqueda tiene un ajuste que la página no usa ({name}). Quítelo de la "
        "dirección o empiece una nueva búsqueda.",
    "Please check the search and try again.": "Revise la búsqueda y vuelva a intentarlo.",
    "This page of results can't be shown: its link is out of date or damaged. Go back to the first page "
    "of results.":
        "No se puede mostrar esta página de resultados: su enlace está desactualizado o dañado. "
        "Vuelva a la primera página de resultados.",
    "enter a number from -90 to 90, or leave it blank.": "escriba un número de -90 a 90, o déjelo en blanco.",
    "enter a number from -180 to 180, or leave it blank.":
        "escriba un número de -180 a 180, o déjelo en blanco.",
    "choose a distance from the list (at most {most} miles).":
        "elija una distancia de la lista (como máximo {most} millas).",
    "enter an amount of 0 or more, like 120, or leave it blank.":
        "escriba una cantidad de 0 o más, como 120, o déjelo en blanco.",
    "choose 10, 20, 50 or 100.": "elija 10, 20, 50 o 100.",
    "choose one of the options in the list.": "elija una de las opciones de la lista.",
    "choose a state from the list.": "elija un estado de la lista.",
    "Latitude and Longitude: fill in both, or leave both blank.":
        "Latitud y Longitud: complete las dos, o deje las dos en blanco.",
    "Near: use either Near or Latitude and Longitude, not both.":
        "Cerca de: use “Cerca de” o Latitud y Longitud, no ambas cosas.",
    "Sort by: to sort by distance, fill in Near first.":
        "Ordenar por: para ordenar por distancia, complete primero “Cerca de”.",
    "Sort by: to sort by relevance, fill in “What would you like help with?” first.":
        "Ordenar por: para ordenar por relevancia, complete primero “¿Con qué desea ayuda?”.",
    "use at most {n} characters.": "use como máximo {n} caracteres.",
    "choose at most {n}.": "elija como máximo {n}.",
    "tick the box, or leave it blank.": "marque la casilla, o déjela en blanco.",
    "give one value, not {n}.": "indique un solo valor, no {n}.",
    "please check this value.": "revise este valor.",
    "coordinates need a latitude from -90 to 90 and a longitude from -180 to 180, like 40.75,-73.99.":
        "las coordenadas necesitan una latitud de -90 a 90 y una longitud de -180 a 180, como "
        "40.75,-73.99.",
    "ZIP code {zip} is in {state}, not {given}. Check the ZIP or the state.":
        "el código postal {zip} está en {state}, no en {given}. Revise el código postal o el estado.",
    "we couldn't find the ZIP code {zip}. Check the number, or try a city and state, like Portland, OR.":
        "no encontramos el código postal {zip}. Revise el número, o pruebe con una ciudad y un "
        "estado, como Portland, OR.",
    "we couldn't find that place.": "no encontramos ese lugar.",
    "Try a 5-digit ZIP or a city and state, like Portland, OR.":
        "Pruebe con un código postal de 5 dígitos o con una ciudad y un estado, como Portland, OR.",
    "we don't know that state. Choose one from the list.": "no conocemos ese estado. Elija uno de la lista.",
    "one of the choices": "una de las opciones",
    "we don't recognize {value}.": "no reconocemos {value}.",
    "See the suggestions below.": "Vea las sugerencias de abajo.",
    "Video sessions: {count} licensed in or with an office in {state}.":
        "Sesiones por video: {count} con licencia o consultorio en {state}.",
    "See them": "Verlos",
    "“Within” needs a place: add a ZIP, or a city and state, to search near it.":
        "“A menos de” necesita un lugar: añada un código postal, o una ciudad y su estado, para "
        "buscar cerca.",
    "(video sessions in {state})": "(sesiones por video en {state})",
    "{place} needs its state, like {example}.": "a {place} le falta el estado, como en {example}.",
    # What the scripts write (page_frame.SCRIPT_TEXT)
    "On your shortlist ✓": "En su lista de candidatos ✓",
    "Your shortlist is full ({max}). Remove one first.":
        "Su lista de candidatos está llena ({max}). Quite uno primero.",
    "{name} added to your shortlist ({count}).": "{name} se añadió a su lista de candidatos ({count}).",
    "{name} removed from your shortlist ({count}).": "{name} se quitó de su lista de candidatos ({count}).",
    "Save this shortlist?": "¿Guardar esta lista de candidatos?",
    "This shortlist came from a link. It is not the shortlist saved in this browser ({count} listing), "
    "which has not been changed.":
        "Esta lista de candidatos viene de un enlace. No es la lista guardada en este navegador "
        "({count} anuncio), que no se ha modificado.",
    "This shortlist came from a link. It is not the shortlist saved in this browser ({count} listings), "
    "which has not been changed.":
        "Esta lista de candidatos viene de un enlace. No es la lista guardada en este navegador "
        "({count} anuncios), que no se ha modificado.",
    "Replace my saved shortlist with this one": "Reemplazar mi lista guardada por esta",
    "This list is now your saved shortlist.": "Esta lista es ahora su lista de candidatos guardada.",
    "Keep my saved shortlist": "Conservar mi lista guardada",
    "Your saved shortlist was kept. This list stays only in this page's address.":
        "Se conservó su lista guardada. Esta lista queda solo en la dirección de esta página.",
    "Open your saved shortlist": "Abrir su lista guardada",
    "Open my saved shortlist ({count})": "Abrir mi lista guardada ({count})",
    "Only the numbered markers are shown, so no other site learns which area you are looking at.":
        "Solo se muestran los marcadores numerados, para que ningún otro sitio sepa qué zona está "
        "mirando.",
    "Street map hidden. The numbered markers match the list.":
        "Mapa de calles oculto. Los marcadores numerados corresponden a la lista.",
    "The street map could not load. The numbered markers match the list.":
        "No se pudo cargar el mapa de calles. Los marcadores numerados corresponden a la lista.",
    "Hide street map": "Ocultar el mapa de calles",
    "Street map images are loading from {host} for this page only.":
        "Las imágenes del mapa de calles se cargan desde {host} solo para esta página.",
    "Street map turned off on this site. The numbered markers match the list.":
        "El mapa de calles está desactivado en este sitio. Los marcadores numerados corresponden a "
        "la lista.",
    "Searched place": "Lugar buscado",
    "another site": "otro sitio",
    "© OpenStreetMap contributors": "© colaboradores de OpenStreetMap",
    "Zoom in": "Acercar",
    "Zoom out": "Alejar",
    "A JavaScript library for interactive maps": "Una biblioteca de JavaScript para mapas interactivos",
    # "Use my location" (site.js)
    "Use my location": "Usar mi ubicación",
    "Your location, rounded to about half a mile, is used for this search only and is not stored.":
        "Su ubicación, redondeada a cerca de un kilómetro, se usa solo para esta búsqueda y no se guarda.",
    "Finding your location…": "Buscando su ubicación…",
    "Your location was not shared. Type a ZIP, or a city and state, instead.":
        "No se compartió su ubicación. Escriba un código postal, o una ciudad y un estado.",
    "Finding your location took too long. Try again, or type a ZIP, or a city and state.":
        "Encontrar su ubicación tardó demasiado. Vuelva a intentarlo, o escriba un código postal, o "
        "una ciudad y un estado.",
    "Your location could not be found. Type a ZIP, or a city and state, instead.":
        "No se pudo encontrar su ubicación. Escriba un código postal, o una ciudad y un estado.",
}
