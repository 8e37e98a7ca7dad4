// The smallest SurveyJS survey comparable to one SKM question: one rating question, four answers.
const survey = new Survey.Model({
  elements: [{
    type: 'rating',
    name: 'U1',
    title: 'Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?',
    rateValues: [
      { value: 1, text: 'Tidak sesuai' },
      { value: 2, text: 'Kurang sesuai' },
      { value: 3, text: 'Sesuai' },
      { value: 4, text: 'Sangat sesuai' },
    ],
  }],
});
survey.render(document.getElementById('surveyElement'));
